import { describe, expect, it } from 'vitest';

import { JSON_LIKE, LUA_LIKE, renderResult, renderResults, renderValue, type Notation } from './render.js';

describe('renderValue', () => {
  it('spells scalars as Lua does where JSON has no spelling', () => {
    expect(renderValue(null)).toBe('nil');
    expect(renderValue(true)).toBe('true');
    expect(renderValue(42)).toBe('42');
    expect(renderValue(1.5)).toBe('1.5');
    expect(renderValue(Infinity)).toBe('inf');
    expect(renderValue(-Infinity)).toBe('-inf');
    expect(renderValue(NaN)).toBe('nan');
    expect(renderValue(-0)).toBe('-0.0');
    expect(renderValue(2n ** 63n - 1n)).toBe('9223372036854775807');
    expect(renderValue('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
  });

  it('shows bytes that are not UTF-8 as a Lua string literal with \\x escapes', () => {
    expect(renderValue(new Uint8Array([0x61, 0xff, 0x00, 0x22, 0x5c]))).toBe('"a\\xff\\x00\\"\\\\"');
  });

  it('shows arrays, objects and Maps JSON-like, with non-string keys in brackets', () => {
    expect(renderValue([1, 'two', [3]])).toBe('[1, "two", [3]]');
    expect(renderValue({ name: 'x', n: 1 })).toBe('{"n": 1, "name": "x"}');
    expect(renderValue({})).toBe('{}');
    expect(
      renderValue(
        new Map<unknown, unknown>([
          [1, 'a'],
          [true, 'b'],
          ['k', 'v'],
          [2.5, null],
        ]) as Map<never, never>,
      ),
    ).toBe('{[1]: "a", [2.5]: nil, "k": "v", [true]: "b"}');
  });

  it('sorts table keys, since a Lua table has no order: numbers, strings, booleans, then tables', () => {
    const map = new Map<unknown, unknown>([
      [[1], 't'],
      [true, 1],
      [2n ** 64n, 3],
      [false, 0],
      ['a', 1],
      [-3, 4],
    ]) as Map<never, never>;
    expect(renderValue(map)).toBe('{[-3]: 4, [18446744073709551616]: 3, "a": 1, [false]: 0, [true]: 1, [[1]]: "t"}');
  });

  it('breaks a table that does not fit in 80 columns into one entry per line', () => {
    const value = { description: 'a'.repeat(40), items: [1, 2, 3], nested: { deeper: 'b'.repeat(50) } };
    expect(renderValue(value)).toBe(
      ['{', `  "description": "${'a'.repeat(40)}",`, '  "items": [1, 2, 3],', `  "nested": {"deeper": "${'b'.repeat(50)}"}`, '}'].join(
        '\n',
      ),
    );
  });

  it('puts each entry of a long array on its own line', () => {
    const big = Array.from({ length: 200_000 }, (_, i) => i);
    const text = renderValue({ big });
    expect(text.startsWith('{\n  "big": [\n    0,\n    1,\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(200_000 + 4);
  });
});

describe('renderResults', () => {
  it('prints a returned string as it is, and several results separated by tabs', () => {
    expect(renderResults(['Hello, Lua'])).toBe('Hello, Lua');
    expect(renderResults([1, 'two', null, [3]])).toBe('1\ttwo\tnil\t[3]');
  });
});

describe('the Lua notation (luaward repl)', () => {
  it('spells tables as Lua constructors: sequences, identifier keys, other keys in brackets', () => {
    expect(renderValue([1, 'two', [3]], LUA_LIKE)).toBe('{1, "two", {3}}');
    expect(renderValue({ name: 'x', n: 1 }, LUA_LIKE)).toBe('{n = 1, name = "x"}');
    expect(renderValue({ 'a b': 1, end: 2, _ok1: 3, '1x': 4 }, LUA_LIKE)).toBe('{["1x"] = 4, _ok1 = 3, ["a b"] = 1, ["end"] = 2}');
    expect(renderValue({}, LUA_LIKE)).toBe('{}');
    expect(renderValue([], LUA_LIKE)).toBe('{}');
  });

  it('puts the keys 1..n of a mixed table first, without their keys', () => {
    const mixed = new Map<unknown, unknown>([
      ['x', 1],
      [2, 'b'],
      [1, 'a'],
      [4, 'd'],
      [true, 0],
    ]) as Map<never, never>;
    expect(renderValue(mixed, LUA_LIKE)).toBe('{"a", "b", [4] = "d", x = 1, [true] = 0}');
    // In the JSON-like notation every key stays.
    expect(renderValue(mixed, JSON_LIKE)).toBe('{[1]: "a", [2]: "b", [4]: "d", "x": 1, [true]: 0}');
    const noOne = new Map<unknown, unknown>([
      [0, 'z'],
      [1, 'a'],
    ]) as Map<never, never>;
    expect(renderValue(noOne, LUA_LIKE)).toBe('{[0] = "z", [1] = "a"}');
  });

  it('quotes strings with Lua escapes; control characters, C1 ones included, escaped', () => {
    expect(renderValue(['say "hi"\n\t\r\\', '\u0001\u007f\u009b', 'héllo ✓'], LUA_LIKE)).toBe(
      '{"say \\"hi\\"\\n\\t\\r\\\\", "\\x01\\x7f\\u{9b}", "héllo ✓"}',
    );
    expect(renderValue(new Uint8Array([0x61, 0xff]), LUA_LIKE)).toBe('"a\\xff"');
  });

  it('breaks a long table into one entry per line, as the JSON-like notation does', () => {
    const value = { description: 'a'.repeat(40), items: [1, 2, 3], nested: { deeper: 'b'.repeat(50) } };
    expect(renderValue(value, LUA_LIKE)).toBe(
      ['{', `  description = "${'a'.repeat(40)}",`, '  items = {1, 2, 3},', `  nested = {deeper = "${'b'.repeat(50)}"}`, '}'].join('\n'),
    );
  });

  it('shows what a notation marks as opaque unquoted, as a value and as a key', () => {
    const notation: Notation = { ...LUA_LIKE, opaque: (text) => (text.startsWith('\0') ? text.slice(1) : undefined) };
    expect(renderResult('\0function: #1', notation)).toBe('function: #1');
    expect(renderResult('plain', notation)).toBe('plain');
    expect(renderValue({ f: '\0function: #1', '\0table: #2': 1 }, notation)).toBe('{[table: #2] = 1, f = function: #1}');
    expect(renderResults(['\0thread: #3', 'text', 1], notation)).toBe('thread: #3\ttext\t1');
  });
});
