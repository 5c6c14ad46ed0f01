// Small checks shared by the VM's options and each request's options.

/** Longest delay Node's timers honour; a longer one fires at once. */
export const TIMER_LIMIT_MS = 2 ** 31 - 1;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function rejectUnknownKeys(given: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) throw new TypeError(`unknown option '${key}' (known: ${known.join(', ')})`);
  }
}

/** Throws TypeError for a non-number, RangeError for a number that `valid` refuses. */
export function checkNumber(value: unknown, valid: (n: number) => boolean, message: string): number {
  if (typeof value !== 'number') throw new TypeError(message);
  if (!valid(value)) throw new RangeError(message);
  return value;
}

/** Throws unless `name` can name a Lua global: a non-empty string without NUL. */
export function checkGlobalName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
    throw new TypeError('name must be a non-empty string without NUL characters');
  }
  return name;
}
