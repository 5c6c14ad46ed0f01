import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'LuaSyntaxError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

export interface LuaSyntaxErrorOptions extends LuaWardErrorOptions {
  chunkName?: string;
  line?: number;
}

/** The Lua source does not compile. `chunkName` and `line` locate the problem when Lua reports them. */
export class LuaSyntaxError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_SYNTAX';
  private readonly [SYMBOL] = true;
  /** Name of the chunk that failed to compile. */
  readonly chunkName: string | undefined;
  /** Line of the error, when Lua reports one. */
  readonly line: number | undefined;

  constructor(message: string, options?: LuaSyntaxErrorOptions) {
    super(message, options);
    this.name = NAME;
    this.chunkName = options?.chunkName;
    this.line = options?.line;
  }

  static override isInstance(error: unknown): error is LuaSyntaxError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
