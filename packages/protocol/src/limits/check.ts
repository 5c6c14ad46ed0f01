import { LUA_LIBRARIES, type LuaLibrary } from '../constants.js';
import { luaNameProblem } from './lua-names.js';
import {
  DEFAULT_CHUNK_NAME,
  DEFAULT_LIBS,
  NUMBER_OPTIONS,
  defaultLimits,
  limitsIn,
  maxOf,
  type Layer,
  type LimitIn,
  type LimitName,
  type NumberOptionName,
  type WireLimits,
} from './table.js';

// The checks every public entry point runs on what it is given, in one dialect: a TypeError for a
// value of the wrong type, a RangeError for one out of range, and a message that names the
// option (with its path, such as `init.memoryLimit`) and says what it must be, with its unit:
// "memoryLimit must be a positive integer number of bytes, or Infinity". Layers below an entry
// point trust what it checked.

/** What option `name` must be in `layer`: "a positive integer number of bytes, or Infinity". */
export function expectation(name: NumberOptionName, layer: Layer): string {
  const spec = NUMBER_OPTIONS[name];
  const max = maxOf(name, layer);
  let text: string;
  if (!spec.integer) {
    text = `a ${spec.exclusiveMin ? 'positive' : 'non-negative'} number of ${spec.unit} up to ${max}`;
  } else if (max === Number.MAX_SAFE_INTEGER && spec.min <= 1) {
    text = `a ${spec.min === 1 ? 'positive' : 'non-negative'} integer number of ${spec.unit}`;
  } else {
    text = `an integer number of ${spec.unit} from ${spec.min} to ${max}`;
  }
  if (!spec.unlimited) return text;
  return `${text}, ${layer === 'wire' ? 'or null for no limit' : 'or Infinity'}`;
}

/** Whether `value` is within option `name`'s range in `layer` (no limit aside). */
export function inRange(name: NumberOptionName, value: number, layer: Layer): boolean {
  const spec = NUMBER_OPTIONS[name];
  if (spec.integer && !Number.isInteger(value)) return false;
  if (spec.exclusiveMin ? !(value > spec.min) : !(value >= spec.min)) return false;
  return value <= maxOf(name, layer);
}

/**
 * Checks the number option `name` as `layer` takes it. `path` is what the message calls it
 * (`init.memoryLimit`). Returns the value: a number, `Infinity` or (on the wire) `null` for no limit.
 * @throws TypeError for a value that is not a number (or null, where allowed); RangeError for one out of range.
 */
export function checkNumberOption(name: NumberOptionName, value: unknown, layer: Layer, path: string = name): number | null {
  const spec = NUMBER_OPTIONS[name];
  if (spec.unlimited) {
    if (layer === 'wire' ? value === null : value === Number.POSITIVE_INFINITY) return value as number | null;
  }
  if (typeof value !== 'number') throw new TypeError(`${path} must be ${expectation(name, layer)}`);
  if (!inRange(name, value, layer)) throw new RangeError(`${path} must be ${expectation(name, layer)}`);
  return value;
}

/** {@link checkNumberOption} of a layer that says "no limit" with Infinity, never null. */
export function checkNumber(name: NumberOptionName, value: unknown, layer: Exclude<Layer, 'wire'>, path: string = name): number {
  return checkNumberOption(name, value, layer, path) as number;
}

/** Checks the limits of `layer` that `options` gives (undefined: not given) and fills in the others' defaults. */
export function resolveLimits<L extends StateLayer>(options: object, layer: L): Record<LimitIn<L>, number> {
  const resolved: Record<string, number> = { ...defaultLimits(layer) };
  for (const name of limitsIn(layer)) {
    const value = (options as Readonly<Record<string, unknown>>)[name];
    if (value !== undefined) resolved[name] = checkNumber(name, value, layer);
  }
  return resolved as Record<LimitIn<L>, number>;
}

/** The layers that hold a Lua state and take its options. */
export type StateLayer = 'engine' | 'vm';

/** What every Lua state's options hold once checked: its limits, its libraries and its callbacks. */
export type StateOptions<L extends StateLayer, F> = Readonly<Record<LimitIn<L>, number>> & {
  readonly libs: readonly LuaLibrary[];
  readonly callbacks: Readonly<Record<string, F>>;
};

/** The defaults of a Lua state's options in `layer`. */
export function defaultStateOptions<L extends StateLayer>(layer: L): StateOptions<L, never> {
  return { ...defaultLimits(layer), libs: DEFAULT_LIBS, callbacks: Object.freeze({}) } as StateOptions<L, never>;
}

/**
 * Checks the options every Lua state takes (its limits, `libs`, `callbacks`) and fills in their
 * defaults. `reserved` gives the globals the sandbox defines with `libs` open, when the layer
 * knows them: a callback may not replace one.
 */
export function resolveStateOptions<L extends StateLayer, F>(
  given: object,
  layer: L,
  reserved?: (libs: readonly LuaLibrary[]) => ReadonlySet<string>,
): StateOptions<L, F> {
  const options = given as Readonly<Record<string, unknown>>;
  const libs = options.libs === undefined ? DEFAULT_LIBS : checkLibs(options.libs, layer);
  const callbacks = options.callbacks === undefined ? Object.freeze({}) : checkCallbacks<F>(options.callbacks, reserved?.(libs));
  return { ...resolveLimits(options, layer), libs, callbacks } as StateOptions<L, F>;
}

/** Checks limits as they travel (every one required, null for none), naming each `${prefix}${name}`. */
export function checkWireLimits(given: object, prefix = ''): WireLimits {
  const checked: Record<string, number | null> = {};
  const values = given as Readonly<Record<string, unknown>>;
  for (const name of limitsIn('wire')) checked[name] = checkNumberOption(name, values[name], 'wire', `${prefix}${name}`);
  return checked as unknown as WireLimits;
}

/** Limits with Infinity for none, as they travel (null for none). */
export function toWireLimits(limits: Readonly<Record<LimitIn<'wire'>, number>>): WireLimits {
  const wire: Record<string, number | null> = {};
  for (const name of limitsIn('wire')) wire[name] = limits[name] === Number.POSITIVE_INFINITY ? null : limits[name];
  return wire as unknown as WireLimits;
}

/** The limits of `layer` from limits as they travel: null becomes Infinity. */
export function fromWireLimits<L extends 'engine' | 'vm'>(wire: WireLimits, layer: L): Record<LimitIn<L>, number> {
  const limits: Record<string, number> = {};
  for (const name of limitsIn(layer)) limits[name] = wire[name as LimitName] ?? Number.POSITIVE_INFINITY;
  return limits as Record<LimitIn<L>, number>;
}

/** Picks the limits `wire` names from a larger object, such as the options of `init`. */
export function pickWireLimits(options: WireLimits): WireLimits {
  const picked: Record<string, number | null> = {};
  for (const name of limitsIn('wire')) picked[name] = options[name];
  return picked as unknown as WireLimits;
}

// ---------------------------------------------------------------- options that are not numbers

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @throws TypeError `${what} must be an object` */
export function checkObject(value: unknown, what: string): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) throw new TypeError(`${what} must be an object`);
}

/** @throws TypeError naming the first key of `given` that is not in `known`, and the known ones. */
export function rejectUnknownOptions(given: object, known: readonly string[], prefix = ''): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) throw new TypeError(`unknown option '${prefix}${key}' (known: ${known.join(', ')})`);
  }
}

/** @throws TypeError `${name} must be ${what}` unless `value` is a function. */
export function checkFunction<F extends (...args: never[]) => unknown>(value: unknown, name: string, what = 'a function'): F {
  if (typeof value !== 'function') throw new TypeError(`${name} must be ${what}`);
  return value as F;
}

/** @throws TypeError `${name} must be a boolean` */
export function checkBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean`);
  return value;
}

/**
 * Checks a list of standard libraries. A Lua state's options (`engine`, `vm`) must include
 * `base` and may repeat a name; the wire's must not repeat one, and `base` is always opened.
 * Returns a frozen copy without repeats.
 */
export function checkLibs(value: unknown, layer: Layer, path = 'libs'): readonly LuaLibrary[] {
  if (!Array.isArray(value)) throw new TypeError(`${path} must be an array of library names`);
  const seen = new Set<LuaLibrary>();
  for (const name of value) {
    if (!LUA_LIBRARIES.includes(name))
      throw new RangeError(`${path}: unknown library '${String(name)}' (allowed: ${LUA_LIBRARIES.join(', ')})`);
    if (layer === 'wire' && seen.has(name)) throw new RangeError(`${path}: library '${String(name)}' is named twice`);
    seen.add(name);
  }
  if (layer !== 'wire' && !seen.has('base')) throw new RangeError(`${path} must include 'base'`);
  return Object.freeze([...seen]);
}

/**
 * Checks callbacks: an object mapping Lua names to functions. `reserved` holds the globals the
 * sandbox defines, which a callback may not replace (when the layer knows them).
 * Returns a frozen copy (`__proto__` included as an own name).
 */
export function checkCallbacks<F>(value: unknown, reserved: ReadonlySet<string> = new Set()): Readonly<Record<string, F>> {
  if (!isPlainObject(value)) throw new TypeError('callbacks must be an object mapping global names to functions');
  const entries = Object.entries(value);
  for (const [name, callback] of entries) {
    const problem = luaNameProblem(name) ?? (reserved.has(name) ? `'${name}' would replace the sandbox global of that name` : undefined);
    if (problem !== undefined) throw new RangeError(`callbacks: ${problem}`);
    checkFunction(callback, `callbacks.${name}`);
  }
  return Object.freeze(Object.fromEntries(entries)) as Readonly<Record<string, F>>;
}

// ---------------------------------------------------------------- request arguments

/** @throws TypeError unless `code` is Lua source: a string, or its bytes. */
export function checkCode(code: unknown): string | Uint8Array {
  if (typeof code !== 'string' && !(code instanceof Uint8Array)) throw new TypeError('code must be a string or a Uint8Array of Lua source');
  return code;
}

/** @throws TypeError unless `args` is an array. */
export function checkArgs<T>(args: unknown): T[] {
  if (!Array.isArray(args)) throw new TypeError('args must be an array of values');
  return args as T[];
}

/** Checks a chunk name and fills in the default. */
export function checkChunkName(chunkName: unknown, name = 'chunkName'): string {
  if (chunkName === undefined) return DEFAULT_CHUNK_NAME;
  if (typeof chunkName !== 'string' || chunkName.length === 0 || chunkName.includes('\0')) {
    throw new TypeError(`${name} must be a non-empty string without NUL characters`);
  }
  return chunkName;
}

/** Checks `results` and says whether every result is wanted. */
export function checkResults(results: unknown): boolean {
  if (results === undefined || results === 'first') return false;
  if (results === 'all') return true;
  throw new TypeError("results must be 'first' or 'all'");
}

/** @throws TypeError unless `signal` is an AbortSignal (or undefined). */
export function checkSignal(signal: unknown): AbortSignal | undefined {
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  return signal;
}
