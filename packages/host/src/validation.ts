import { MAX_MAX_FRAME_LENGTH, MIN_MAX_FRAME_LENGTH } from '@luaward/protocol';

// Small checks shared by the supervisor's options and the launchers' options, with messages that
// name the option and its unit. This module imports no other module of the host.

/** Longest delay a Node timer takes; a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** Checks a duration in ms: positive (or zero when allowed) up to the timer maximum, or Infinity. */
export function checkTimeout(value: unknown, name: string, allowZero = false): number {
  const expected = `${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds up to ${MAX_TIMER_MS}, or Infinity`;
  if (typeof value !== 'number') throw new TypeError(`${expected}, got ${describe(value)}`);
  if (value === Number.POSITIVE_INFINITY) return value;
  if (Number.isNaN(value) || value > MAX_TIMER_MS || value < 0 || (value === 0 && !allowZero)) throw new RangeError(`${expected}, got ${value}`);
  return value;
}

export function checkMaxFrameLength(value: unknown, name: string): number {
  return checkInteger(value, MIN_MAX_FRAME_LENGTH, MAX_MAX_FRAME_LENGTH, `${name} must be an integer number of bytes from ${MIN_MAX_FRAME_LENGTH} to ${MAX_MAX_FRAME_LENGTH}`);
}

export function checkInteger(value: unknown, min: number, max: number, message: string): number {
  if (typeof value !== 'number') throw new TypeError(`${message}, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${message}, got ${value}`);
  return value;
}

/** How a value given for an option shows in a message. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : `a ${typeof value}`;
}
