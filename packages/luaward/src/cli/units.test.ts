import { describe, expect, it } from 'vitest';

import { formatBytes, formatDuration, parseCount, parseDuration, parseSize } from './units.js';
import { UsageError } from './usage-error.js';

describe('parseSize', () => {
  it('reads binary units, case-insensitively, with or without a space', () => {
    expect(parseSize('10MB', '--memory')).toBe(10 * 1024 * 1024);
    expect(parseSize('10 MiB', '--memory')).toBe(10 * 1024 * 1024);
    expect(parseSize('512kb', '--memory')).toBe(512 * 1024);
    expect(parseSize('512KiB', '--memory')).toBe(512 * 1024);
    expect(parseSize('2G', '--memory')).toBe(2 * 1024 ** 3);
    expect(parseSize('1.5MB', '--memory')).toBe(1.5 * 1024 * 1024);
    expect(parseSize('4096', '--memory')).toBe(4096);
    expect(parseSize('4096B', '--memory')).toBe(4096);
  });

  it('refuses what is not a positive size, naming the flag', () => {
    for (const text of ['', 'MB', '10 TB', '-1MB', '0', '0.1B', 'ten', '1e3', '10 M B']) {
      expect(() => parseSize(text, '--memory'), text).toThrow(UsageError);
      expect(() => parseSize(text, '--memory'), text).toThrow(/--memory/);
    }
  });
});

describe('parseDuration', () => {
  it('reads ms, s and m; a bare number is milliseconds', () => {
    expect(parseDuration('2s', '--timeout')).toBe(2000);
    expect(parseDuration('250ms', '--timeout')).toBe(250);
    expect(parseDuration('1.5 s', '--timeout')).toBe(1500);
    expect(parseDuration('2m', '--timeout')).toBe(120_000);
    expect(parseDuration('750', '--timeout')).toBe(750);
  });

  it('refuses zero, unknown units and delays past the timer limit', () => {
    for (const text of ['0s', '2h', 's', '-1s', '25d', `${2 ** 31}ms`]) {
      expect(() => parseDuration(text, '--timeout'), text).toThrow(/--timeout/);
    }
  });
});

describe('parseCount', () => {
  it('reads whole numbers, with an exponent if given, the fraction included', () => {
    expect(parseCount('1000000', '--instructions')).toBe(1_000_000);
    expect(parseCount('1e6', '--instructions')).toBe(1_000_000);
    expect(parseCount('1E6', '--instructions')).toBe(1_000_000);
    expect(parseCount('1.5e6', '--instructions')).toBe(1_500_000);
    expect(parseCount('2.5e+3', '--instructions')).toBe(2500);
    expect(parseCount('150e-1', '--instructions')).toBe(15);
    expect(parseCount('0.5e1', '--instructions')).toBe(5);
    expect(parseCount('1.000e3', '--instructions')).toBe(1000);
    expect(parseCount('9007199254740991', '--instructions')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseCount(' 42 ', '--instructions')).toBe(42);
  });

  it('refuses a number that is not whole, rather than rounding it', () => {
    // 1.0000000000000001e6 rounds to 1000000 as a float: the check is on the digits.
    for (const text of ['1.5', '1.25e1', '1e-1', '1.0000000000000001e6', '1.5e0']) {
      expect(() => parseCount(text, '--instructions'), text).toThrow(
        new UsageError(`--instructions must be a whole number, got '${text}'`),
      );
    }
  });

  it('refuses zero and counts past 2^53 - 1, saying the bound', () => {
    expect(() => parseCount('0', '--instructions')).toThrow(new UsageError("--instructions must be at least 1, got '0'"));
    expect(() => parseCount('0.0e5', '--instructions')).toThrow(/must be at least 1/);
    for (const text of ['9007199254740992', '1e30', '1e999999999999']) {
      expect(() => parseCount(text, '--instructions'), text).toThrow(
        new UsageError(`--instructions must be at most 9007199254740991, got '${text}'`),
      );
    }
  });

  it('refuses what is not a number, with an example', () => {
    for (const text of ['0x10', 'many', '', '-5', '1e', 'e6', '.5', '1,000', 'Infinity']) {
      expect(() => parseCount(text, '--instructions'), text).toThrow(
        new UsageError(`--instructions must be a positive whole number such as 1000000 or 1e6, got '${text}'`),
      );
    }
  });
});

describe('formatBytes and formatDuration', () => {
  it('show a limit in the unit the user most likely gave', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1536 * 1024)).toBe('1536 KB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GB');
    expect(formatBytes(1000)).toBe('1000 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatDuration(2000)).toBe('2 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(1500)).toBe('1500 ms');
  });
});
