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

/** A positive whole number (`1000000`, `1e6`). */
export function parseCount(text: string, what: string): number {
  const count = /^\d+(?:e\d+)?$/i.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(count) || count <= 0) throw new UsageError(`${what} must be a positive whole number, got '${text}'`);
  return count;
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
