// How the CLI shows the values a script returns (docs/cli.md): JSON-like for
// tables, Lua's spelling where JSON has none. A value that fits in one line of
// 80 columns is shown on one line; a longer table gets one entry per line.
import type { LuaValue } from '@luaward/engine';

const WIDTH = 80;
const INDENT = '  ';

interface Container {
  open: string;
  close: string;
  /** Each entry's key as shown (with its `: `), and its value; lazy, so that a one-line attempt stops early. */
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
function renderScalar(value: LuaValue | undefined): string | undefined {
  if (value === null || value === undefined) return 'nil';
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'number':
      return renderNumber(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return JSON.stringify(value);
  }
  if (value instanceof Uint8Array) return renderBytes(value);
  return undefined;
}

function renderKey(key: LuaValue): string {
  return typeof key === 'string' ? JSON.stringify(key) : `[${compact(key, Infinity) as string}]`;
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

function* mapEntries(map: Map<LuaValue, LuaValue>): Iterable<[string, LuaValue]> {
  for (const [key, item] of [...map].sort(([a], [b]) => compareKeys(a, b))) yield [`${renderKey(key)}: `, item];
}

function* objectEntries(object: Record<string, LuaValue>): Iterable<[string, LuaValue]> {
  for (const key of Object.keys(object).sort()) yield [`${JSON.stringify(key)}: `, object[key] as LuaValue];
}

function containerOf(value: LuaValue): Container {
  if (Array.isArray(value)) return { open: '[', close: ']', entries: () => arrayEntries(value) };
  if (value instanceof Map) return { open: '{', close: '}', entries: () => mapEntries(value) };
  return { open: '{', close: '}', entries: () => objectEntries(value as Record<string, LuaValue>) };
}

/** `value` on one line if that takes at most `budget` characters, otherwise undefined (found without rendering it all). */
function compact(value: LuaValue, budget: number): string | undefined {
  const scalar = renderScalar(value);
  if (scalar !== undefined) return scalar.length <= budget ? scalar : undefined;
  const { open, close, entries } = containerOf(value);
  let text = open;
  let first = true;
  for (const [key, item] of entries()) {
    text += first ? key : `, ${key}`;
    first = false;
    const rendered = compact(item, budget - text.length - close.length);
    if (rendered === undefined) return undefined;
    text += rendered;
  }
  text += close;
  return text.length <= budget ? text : undefined;
}

/** `value` starting at column `column` of a line indented by `indent`. */
function layout(value: LuaValue, indent: string, column: number): string {
  const oneLine = compact(value, WIDTH - column);
  if (oneLine !== undefined) return oneLine;
  const scalar = renderScalar(value);
  if (scalar !== undefined) return scalar;
  const { open, close, entries } = containerOf(value);
  const inner = indent + INDENT;
  const lines: string[] = [];
  for (const [key, item] of entries()) lines.push(`${inner}${key}${layout(item, inner, inner.length + key.length)}`);
  return `${open}\n${lines.join(',\n')}\n${indent}${close}`;
}

/**
 * A returned value as the CLI prints it. A string is printed as it is (as Lua's `print`
 * would); everything else as in {@link renderValue}.
 */
export function renderResult(value: LuaValue): string {
  return typeof value === 'string' ? value : renderValue(value);
}

/**
 * A value in the CLI's notation: `nil`, `true`, `42`, `1.5`, `inf`, `-inf`, `nan`, `-0.0`,
 * integers beyond 2^53 in full, `"text"` (JSON escapes), bytes that are not UTF-8 as
 * `"\xff\x00"`, arrays as `[1, 2]`, string-keyed tables as `{"name": "x"}`, other tables as
 * `{[1]: "a", "k": "v", [true]: "b"}`. Table keys are sorted: numbers, strings, booleans, the rest.
 */
export function renderValue(value: LuaValue): string {
  return layout(value, '', 0);
}

/** Every value a script returned, separated by tabs (as Lua's own REPL prints them). */
export function renderResults(values: readonly LuaValue[]): string {
  return values.map(renderResult).join('\t');
}
