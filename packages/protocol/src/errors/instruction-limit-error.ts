import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'InstructionLimitError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

export interface InstructionLimitErrorOptions extends LuaWardErrorOptions {
  limit?: number;
}

/** The request used up its instruction budget. The VM stays usable. */
export class InstructionLimitError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_INSTRUCTION_LIMIT';
  private readonly [SYMBOL] = true;
  /** The instruction budget of the request. */
  readonly limit: number | undefined;

  constructor(message: string, options?: InstructionLimitErrorOptions) {
    super(message, options);
    this.name = NAME;
    this.limit = options?.limit;
  }

  static override isInstance(error: unknown): error is InstructionLimitError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
