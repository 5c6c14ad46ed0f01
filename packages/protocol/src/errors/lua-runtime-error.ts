import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'LuaRuntimeError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

export interface LuaRuntimeErrorOptions extends LuaWardErrorOptions {
  traceback?: string;
  chunkName?: string;
  line?: number;
}

/** A Lua error that the script did not catch. `traceback` is Lua's stack traceback at the point of the error; `cause` is the JavaScript error when a host callback threw it. */
export class LuaRuntimeError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_RUNTIME';
  private readonly [SYMBOL] = true;
  /** Lua's stack traceback where the error was raised. */
  readonly traceback: string | undefined;
  /** Chunk where the error was raised, when known. */
  readonly chunkName: string | undefined;
  /** Line where the error was raised, when known. */
  readonly line: number | undefined;

  constructor(message: string, options?: LuaRuntimeErrorOptions) {
    super(message, options);
    this.name = NAME;
    this.traceback = options?.traceback;
    this.chunkName = options?.chunkName;
    this.line = options?.line;
  }

  static override isInstance(error: unknown): error is LuaRuntimeError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
