// Sizes and durations as people type them on a command line, and back.
// Sizes are binary: 1 KB = 1024 bytes, as the README's `10 * 1024 * 1024` for
// "10 MB" (KiB, MiB and GiB mean the same).

import { MAX_TIMER_MS } from '@luaward/protocol';

import { UsageError } from './usage-error.js';

const SIZE_UNITS: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['b', 1],
  ['k', 1024],
  ['kb', 1024],
  ['kib', 1024],
  ['m', 1024 ** 2],
  ['mb', 1024 ** 2],
  ['mib', 1024 ** 2],
  ['g', 1024 ** 3],
  ['gb', 1024 ** 3],
  ['gib', 1024 ** 3],
]);

const DURATION_UNITS: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['min', 60_000],
]);

const QUANTITY = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

function parseQuantity(text: string, units: ReadonlyMap<string, number>, what: string, unitList: string): number {
  const match = QUANTITY.exec(text.trim());
  const scale = match ? units.get((match[2] as string).toLowerCase()) : undefined;
  if (!match || scale === undefined) throw new UsageError(`${what} must be a number with a unit (${unitList}), got '${text}'`);
  return Number(match[1]) * scale;
}

/** Bytes in `text` (`10MB`, `512 KiB`, `1.5GB`, `4096`); a bare number is bytes. */
export function parseSize(text: string, what: string): number {
  const bytes = Math.floor(parseQuantity(text, SIZE_UNITS, what, 'B, KB, MB, GB; 1 KB = 1024 B'));
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new UsageError(`${what} must be a positive size, got '${text}'`);
  return bytes;
}

/** Milliseconds in `text` (`2s`, `500ms`, `1.5m`); a bare number is milliseconds. */
export function parseDuration(text: string, what: string): number {
  const ms = parseQuantity(text, DURATION_UNITS, what, 'ms, s, m');
  if (!(ms > 0) || ms > MAX_TIMER_MS) throw new UsageError(`${what} must be a positive duration of at most 24 days, got '${text}'`);
  return ms;
}

/** Digits with an optional fraction and exponent: `1000000`, `1e6`, `1.5e6`, `2.5E+3`. */
const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/** More than any count can be (2^53 - 1 has 16 digits): returned instead of building huge numbers. */
const TOO_LARGE = BigInt(Number.MAX_SAFE_INTEGER) + 1n;

/**
 * The whole number `text` spells, exactly (decimal digits, not a float that may have rounded
 * a fraction away); undefined when a non-zero fraction is left or `text` is not a number.
 */
function wholeNumber(text: string): bigint | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const whole = match[1] as string;
  const fraction = match[2] ?? '';
  const significant = (whole + fraction).replace(/^0+/, '');
  if (significant === '') return 0n;
  // Where the decimal point falls in `significant` once the exponent is applied.
  const point = whole.length + Number(match[3] ?? '0') - (whole.length + fraction.length - significant.length);
  if (!/^0*$/.test(significant.slice(Math.max(point, 0)))) return undefined;
  if (point > 20) return TOO_LARGE;
  return BigInt(significant.slice(0, point).padEnd(point, '0'));
}

/**
 * A positive whole number: digits, or with an exponent (`1000000`, `1e6`, `1.5e6`). A number
 * with a fraction left over (`1.5`, `1.25e1`) is refused rather than rounded.
 */
export function parseCount(text: string, what: string): number {
  const trimmed = text.trim();
  const count = wholeNumber(trimmed);
  if (count === undefined) {
    if (DECIMAL.test(trimmed)) throw new UsageError(`${what} must be a whole number, got '${text}'`);
    throw new UsageError(`${what} must be a positive whole number such as 1000000 or 1e6, got '${text}'`);
  }
  if (count === 0n) throw new UsageError(`${what} must be at least 1, got '${text}'`);
  if (count > BigInt(Number.MAX_SAFE_INTEGER)) throw new UsageError(`${what} must be at most ${Number.MAX_SAFE_INTEGER}, got '${text}'`);
  return Number(count);
}

/** `bytes` in the largest binary unit that divides it exactly: `10 MB`, `1536 KB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  for (const [unit, scale] of [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ] as const) {
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale} ${unit}`;
  }
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

/** `ms` as the user most likely typed it: `2 s`, `1 min`, `250 ms`. */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
