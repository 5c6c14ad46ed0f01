import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'ConversionError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

export interface ConversionErrorOptions extends LuaWardErrorOptions {
  path?: string;
}

/** A value could not cross between Lua and JavaScript: a cycle, a table nested or sized past the caps, or a type with no mapping. `path` names where, such as `result.items[3].owner`. */
export class ConversionError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_CONVERSION';
  private readonly [SYMBOL] = true;
  /** Where in the value the problem is, such as `result.items[3].owner`. */
  readonly path: string | undefined;

  constructor(message: string, options?: ConversionErrorOptions) {
    super(message, options);
    this.name = NAME;
    this.path = options?.path;
  }

  static override isInstance(error: unknown): error is ConversionError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
