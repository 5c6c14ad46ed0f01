import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'TimeoutError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

export interface TimeoutErrorOptions extends LuaWardErrorOptions {
  timeout?: number;
}

/** A request ran past its wall-clock `timeout`; the worker running it was killed. */
export class TimeoutError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_TIMEOUT';
  private readonly [SYMBOL] = true;
  /** The timeout in milliseconds that expired. */
  readonly timeout: number | undefined;

  constructor(message: string, options?: TimeoutErrorOptions) {
    super(message, options);
    this.name = NAME;
    this.timeout = options?.timeout;
  }

  static override isInstance(error: unknown): error is TimeoutError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
