const MARKER = 'luaward.error';
const BASE_SYMBOL: unique symbol = Symbol.for(MARKER);

/** Longest message an error carries; longer text (a script controls it) is cut. */
export const MAX_ERROR_MESSAGE_LENGTH = 4096;

/** Cuts `text` to the message cap, saying how much was cut. */
export function capMessage(text: string, max = MAX_ERROR_MESSAGE_LENGTH): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

export interface LuaWardErrorOptions {
  cause?: unknown;
}

/**
 * Base class of every error LuaWard raises. Each carries a stable string
 * `code` (as Node's own errors do). Use the static `isInstance` rather than
 * `instanceof`: it also recognises errors from another copy of the package.
 */
export class LuaWardError extends Error {
  readonly code: string = 'ERR_LUAWARD';
  private readonly [BASE_SYMBOL] = true;

  constructor(message: string, options?: LuaWardErrorOptions) {
    super(capMessage(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LuaWardError';
  }

  static isInstance(error: unknown): error is LuaWardError {
    return LuaWardError.hasMarker(error, MARKER);
  }

  /** True when `error` carries the marker `Symbol.for(marker)`. */
  protected static hasMarker(error: unknown, marker: string): boolean {
    const symbol = Symbol.for(marker);
    return error != null && typeof error === 'object' && symbol in error && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
