import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'AbortError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

/** The request was stopped by its AbortSignal. `cause` is the signal's reason. */
export class AbortError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_ABORTED';
  private readonly [SYMBOL] = true;

  constructor(message: string, options?: LuaWardErrorOptions) {
    super(message, options);
    this.name = NAME;
  }

  static override isInstance(error: unknown): error is AbortError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
