import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'MemoryLimitError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

export interface MemoryLimitErrorOptions extends LuaWardErrorOptions {
  limit?: number;
}

/** The script needed more memory than `memoryLimit` allows. The VM stays usable. */
export class MemoryLimitError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_MEMORY_LIMIT';
  private readonly [SYMBOL] = true;
  /** The memory limit in bytes that was reached. */
  readonly limit: number | undefined;

  constructor(message: string, options?: MemoryLimitErrorOptions) {
    super(message, options);
    this.name = NAME;
    this.limit = options?.limit;
  }

  static override isInstance(error: unknown): error is MemoryLimitError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
