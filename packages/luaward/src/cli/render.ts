// How the CLI shows the values a script returns (docs/cli.md), in one of two notations:
// `luaward run` JSON-like (Lua's spelling where JSON has none), `luaward repl` as Lua
// table constructors. A value that fits in one line of 80 columns is shown on one line; a
// longer table gets one entry per line.
import type { LuaValue } from '@luaward/engine';
import { isLuaName } from '@luaward/protocol';

const WIDTH = 80;
const INDENT = '  ';

/** How tables, strings and keys are spelled; numbers, `nil`, booleans and bytes are the same in every notation. */
export interface Notation {
  /** Brackets of a sequence (a table with keys 1..n). */
  readonly arrayOpen: string;
  readonly arrayClose: string;
  /** A string inside a table, quoted. */
  quote(text: string): string;
  /** A string key with what separates it from its value: `"name": `, `name = `. */
  stringKey(key: string): string;
  /** Any other key, given as rendered, with its separator: `[1]: `, `[1] = `. */
  otherKey(rendered: string): string;
  /** Whether the keys 1, 2, ... n of a table that has others too go without their keys, as in `{1, 2, x = 3}`. */
  readonly positional: boolean;
  /**
   * For a string that stands for a value which could not be converted (the REPL's placeholders
   * for functions and the like), the text to show unquoted; undefined for an ordinary string.
   */
  opaque?(text: string): string | undefined;
}

/** `luaward run`'s notation: `[1, 2]`, `{"name": "x"}`, `{[1]: "a", "k": "v"}`, JSON string escapes. */
export const JSON_LIKE: Notation = {
  arrayOpen: '[',
  arrayClose: ']',
  quote: (text) => JSON.stringify(text),
  stringKey: (key) => `${JSON.stringify(key)}: `,
  otherKey: (rendered) => `[${rendered}]: `,
  positional: false,
};

/**
 * A Lua string literal: `"` and `\` escaped, newline, tab and carriage return as `\n`, `\t`,
 * `\r`, other control characters (C0, DEL, C1: a terminal would act on them) as `\xNN` or
 * `\u{NN}`; the rest of Unicode as it is.
 */
function luaQuote(text: string): string {
  let quoted = '"';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '"' || char === '\\') quoted += `\\${char}`;
    else if (char === '\n') quoted += '\\n';
    else if (char === '\t') quoted += '\\t';
    else if (char === '\r') quoted += '\\r';
    else if (code < 0x20 || code === 0x7f) quoted += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) quoted += `\\u{${code.toString(16)}}`;
    else quoted += char;
  }
  return `${quoted}"`;
}

/** `luaward repl`'s notation, as Lua table constructors: `{1, 2}`, `{name = "x"}`, `{[1] = "a", ["a b"] = 2}`. */
export const LUA_LIKE: Notation = {
  arrayOpen: '{',
  arrayClose: '}',
  quote: luaQuote,
  stringKey: (key) => (isLuaName(key) ? `${key} = ` : `[${luaQuote(key)}] = `),
  otherKey: (rendered) => `[${rendered}] = `,
  positional: true,
};

interface Container {
  open: string;
  close: string;
  /** Each entry's key as shown (with its separator), and its value; lazy, so that a one-line attempt stops early. */
  entries: () => Iterable<[string, LuaValue]>;
}

/** Bytes that are not UTF-8, as a Lua string literal: printable ASCII as is, the rest as `\xNN`. */
function renderBytes(bytes: Uint8Array): string {
  let text = '"';
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) text += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${text}"`;
}

function renderNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  // Only a float can be negative zero; Lua shows it as -0.0.
  if (Object.is(n, -0)) return '-0.0';
  return String(n);
}

/** The text of a value that is not a table, or undefined for a table. Strings are quoted. */
function renderScalar(value: LuaValue | undefined, notation: Notation): string | undefined {
  if (value === null || value === undefined) return 'nil';
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'number':
      return renderNumber(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return notation.opaque?.(value) ?? notation.quote(value);
  }
  if (value instanceof Uint8Array) return renderBytes(value);
  return undefined;
}

function renderKey(key: LuaValue, notation: Notation): string {
  if (typeof key === 'string' && notation.opaque?.(key) === undefined) return notation.stringKey(key);
  return notation.otherKey(compact(key, Infinity, notation) as string);
}

function* arrayEntries(array: LuaValue[]): Iterable<[string, LuaValue]> {
  for (const item of array) yield ['', item];
}

/** Rank of a key's type in a table's display order: numbers, strings, booleans, then the rest. */
function keyRank(key: LuaValue): number {
  switch (typeof key) {
    case 'number':
    case 'bigint':
      return 0;
    case 'string':
      return 1;
    case 'boolean':
      return 2;
    default:
      return 3;
  }
}

/** A Lua table has no order: keys are shown sorted, so that the same table always looks the same. */
function compareKeys(a: LuaValue, b: LuaValue): number {
  const rank = keyRank(a) - keyRank(b);
  if (rank !== 0 || keyRank(a) === 3) return rank;
  if (a === b) return 0;
  return (a as number | bigint | string | boolean) < (b as number | bigint | string | boolean) ? -1 : 1;
}

function* mapEntries(map: Map<LuaValue, LuaValue>, notation: Notation): Iterable<[string, LuaValue]> {
  // Sorted, the keys 1, 2, ... n come first.
  let position = notation.positional ? 1 : NaN;
  for (const [key, item] of [...map].sort(([a], [b]) => compareKeys(a, b))) {
    if (key === position) {
      position += 1;
      yield ['', item];
    } else {
      position = NaN;
      yield [renderKey(key, notation), item];
    }
  }
}

function* objectEntries(object: Record<string, LuaValue>, notation: Notation): Iterable<[string, LuaValue]> {
  for (const key of Object.keys(object).sort()) yield [renderKey(key, notation), object[key] as LuaValue];
}

function containerOf(value: LuaValue, notation: Notation): Container {
  if (Array.isArray(value)) return { open: notation.arrayOpen, close: notation.arrayClose, entries: () => arrayEntries(value) };
  if (value instanceof Map) return { open: '{', close: '}', entries: () => mapEntries(value, notation) };
  return { open: '{', close: '}', entries: () => objectEntries(value as Record<string, LuaValue>, notation) };
}

/** `value` on one line if that takes at most `budget` characters, otherwise undefined (found without rendering it all). */
function compact(value: LuaValue, budget: number, notation: Notation): string | undefined {
  const scalar = renderScalar(value, notation);
  if (scalar !== undefined) return scalar.length <= budget ? scalar : undefined;
  const { open, close, entries } = containerOf(value, notation);
  let text = open;
  let first = true;
  for (const [key, item] of entries()) {
    text += first ? key : `, ${key}`;
    first = false;
    const rendered = compact(item, budget - text.length - close.length, notation);
    if (rendered === undefined) return undefined;
    text += rendered;
  }
  text += close;
  return text.length <= budget ? text : undefined;
}

/** `value` starting at column `column` of a line indented by `indent`. */
function layout(value: LuaValue, indent: string, column: number, notation: Notation): string {
  const oneLine = compact(value, WIDTH - column, notation);
  if (oneLine !== undefined) return oneLine;
  const scalar = renderScalar(value, notation);
  if (scalar !== undefined) return scalar;
  const { open, close, entries } = containerOf(value, notation);
  const inner = indent + INDENT;
  const lines: string[] = [];
  for (const [key, item] of entries()) lines.push(`${inner}${key}${layout(item, inner, inner.length + key.length, notation)}`);
  return `${open}\n${lines.join(',\n')}\n${indent}${close}`;
}

/**
 * A returned value as the CLI prints it. A string is printed as it is (as Lua's `print`
 * would); everything else as in {@link renderValue}.
 */
export function renderResult(value: LuaValue, notation: Notation = JSON_LIKE): string {
  return typeof value === 'string' ? (notation.opaque?.(value) ?? value) : renderValue(value, notation);
}

/**
 * A value in the CLI's notation: `nil`, `true`, `42`, `1.5`, `inf`, `-inf`, `nan`, `-0.0`,
 * integers beyond 2^53 in full, bytes that are not UTF-8 as `"\xff\x00"`. In the JSON-like
 * notation (the default), strings as `"text"` (JSON escapes), arrays as `[1, 2]`, string-keyed
 * tables as `{"name": "x"}`, other tables as `{[1]: "a", "k": "v", [true]: "b"}`; in the Lua
 * notation, `{1, 2}`, `{name = "x"}`, `{[1] = "a", k = "v", [true] = "b"}`. Table keys are
 * sorted: numbers, strings, booleans, the rest.
 */
export function renderValue(value: LuaValue, notation: Notation = JSON_LIKE): string {
  return layout(value, '', 0, notation);
}

/** Every value a script returned, separated by tabs (as Lua's own REPL prints them). */
export function renderResults(values: readonly LuaValue[], notation: Notation = JSON_LIKE): string {
  return values.map((value) => renderResult(value, notation)).join('\t');
}
