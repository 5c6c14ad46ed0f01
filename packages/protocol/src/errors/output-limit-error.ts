import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'OutputLimitError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

export interface OutputLimitErrorOptions extends LuaWardErrorOptions {
  limit?: number;
}

/** The script printed more than the output limit allows during one request. */
export class OutputLimitError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_OUTPUT_LIMIT';
  private readonly [SYMBOL] = true;
  /** The output limit in bytes. */
  readonly limit: number | undefined;

  constructor(message: string, options?: OutputLimitErrorOptions) {
    super(message, options);
    this.name = NAME;
    this.limit = options?.limit;
  }

  static override isInstance(error: unknown): error is OutputLimitError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
