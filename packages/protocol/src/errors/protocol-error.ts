import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'ProtocolError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

/** A frame broke the wire protocol: too long, not MessagePack, trailing bytes, an unknown type, a bad field, or a reply to an id that was never sent. */
export class ProtocolError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_PROTOCOL';
  private readonly [SYMBOL] = true;

  constructor(message: string, options?: LuaWardErrorOptions) {
    super(message, options);
    this.name = NAME;
  }

  static override isInstance(error: unknown): error is ProtocolError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
