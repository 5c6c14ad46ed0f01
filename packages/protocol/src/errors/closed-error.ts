import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'ClosedError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

/** The VM or engine is closed (or its worker died and was not restarted): its Lua state is gone. */
export class ClosedError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_CLOSED';
  private readonly [SYMBOL] = true;

  constructor(message: string, options?: LuaWardErrorOptions) {
    super(message, options);
    this.name = NAME;
  }

  static override isInstance(error: unknown): error is ClosedError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
