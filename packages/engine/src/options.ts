import { BASE_GLOBALS, callbackNameProblem } from './names.js';
import type { LuaCallback } from './values.js';

/** A standard library the sandbox can open. `base` is always required. */
export type LuaLibrary = 'base' | 'string' | 'table' | 'math' | 'utf8' | 'coroutine';

const LIBRARIES: readonly LuaLibrary[] = ['base', 'string', 'table', 'math', 'utf8', 'coroutine'];

/** Largest `maxValueDepth`: conversion recurses on the native stack. */
export const MAX_VALUE_DEPTH_CEILING = 1000;

export interface LuaEngineOptions {
  /**
   * Bytes the Lua state may hold (everything Lua allocates: the sandbox
   * itself, strings, tables, closures). Past it an allocation fails with
   * Lua's memory error, which a script's `pcall` may catch; a request that
   * fails with it throws `MemoryLimitError`. The engine stays usable.
   * `Infinity` removes the cap. Default: 64 MiB (67108864).
   */
  memoryLimit?: number;
  /**
   * VM instructions each request (`execute`, `call`, `callWith`) may run.
   * Past it the request throws `InstructionLimitError`; `pcall` cannot
   * swallow it. A C function counts as one instruction, whatever it does (see
   * docs/limits.md). Short coroutines may get up to about twice the budget.
   * `Infinity` runs without a budget and without the cost of Lua's count hook.
   * Default: 100000000.
   */
  instructionLimit?: number;
  /**
   * Bytes of `print` output per request; each line counts its text plus one
   * for the newline. Past it `print` raises an error and the request throws
   * `OutputLimitError`, even if the script catches that error. `Infinity`
   * removes the cap. Default: 1 MiB (1048576).
   */
  outputLimit?: number;
  /**
   * Standard libraries to open, with their sandbox changes (docs/engine.md).
   * Must include `'base'`. Never available whatever this says: os, io, debug,
   * package, require, dofile, loadfile, string.dump, binary chunks.
   * Default: `['base', 'string', 'table', 'math']`.
   */
  libs?: readonly LuaLibrary[];
  /**
   * JavaScript functions the script can call, by global name. A name must be
   * a Lua identifier, not a keyword, and not a global the sandbox already
   * defines (such as `print` or, when opened, `string`). Default: none.
   */
  callbacks?: Record<string, LuaCallback>;
  /**
   * Receives each line the script prints, without the trailing newline. Bytes
   * that are not UTF-8 arrive as U+FFFD. If it throws, `print` raises a Lua
   * error. Default: writes the line and a newline to `process.stdout`.
   */
  onPrint?: (text: string) => void;
  /**
   * Deepest nesting of tables (arrays, objects, Maps) a converted value may
   * have; the outermost table is depth 1. Deeper values throw
   * `ConversionError`. At most 1000. Default: 64.
   */
  maxValueDepth?: number;
  /**
   * Most table entries, counted over all levels, that one converted value may
   * have (for JavaScript arrays, every index counts, holes too). Larger values
   * throw `ConversionError`. Strings are not counted: `memoryLimit` bounds
   * them. Default: 1000000.
   */
  maxValueSize?: number;
}

/** The options of an engine with every default filled in. */
export interface ResolvedEngineOptions {
  readonly memoryLimit: number;
  readonly instructionLimit: number;
  readonly outputLimit: number;
  readonly libs: readonly LuaLibrary[];
  readonly callbacks: Readonly<Record<string, LuaCallback>>;
  readonly onPrint: (text: string) => void;
  readonly maxValueDepth: number;
  readonly maxValueSize: number;
}

function writeToStdout(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** The defaults every option falls back to. */
export const DEFAULT_ENGINE_OPTIONS: ResolvedEngineOptions = Object.freeze({
  memoryLimit: 64 * 1024 * 1024,
  instructionLimit: 100_000_000,
  outputLimit: 1024 * 1024,
  libs: Object.freeze(['base', 'string', 'table', 'math'] as LuaLibrary[]),
  callbacks: Object.freeze({}),
  onPrint: writeToStdout,
  maxValueDepth: 64,
  maxValueSize: 1_000_000,
});

/** Options of one `execute` request. */
export interface ExecuteOptions {
  /**
   * Name of the chunk in error messages and tracebacks (`name:3: ...`). Lua
   * shows at most 59 bytes of it. Default: `'script'`.
   */
  chunkName?: string;
  /** This request's instruction budget, instead of the engine's `instructionLimit`. */
  instructionLimit?: number;
  /**
   * `'first'` returns the first result (`undefined` when there is none);
   * `'all'` returns an array of every result. Default: `'first'`.
   */
  results?: 'first' | 'all';
}

/** Options of one `callWith` request. */
export type CallOptions = Omit<ExecuteOptions, 'chunkName'>;

/** A request's options, checked and filled in. */
export interface ResolvedRequestOptions {
  chunkName: string;
  /** Undefined: the engine's own limit. */
  instructionLimit: number | undefined;
  allResults: boolean;
}

const DEFAULT_CHUNK_NAME = 'script';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknownKeys(given: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) throw new TypeError(`unknown option '${key}'`);
  }
}

/** Throws TypeError for a non-number, RangeError for a number out of range. */
function checkNumber(value: unknown, valid: (n: number) => boolean, message: string): number {
  if (typeof value !== 'number') throw new TypeError(message);
  if (!valid(value)) throw new RangeError(message);
  return value;
}

const isPositiveLimit = (n: number) => n === Infinity || (Number.isSafeInteger(n) && n > 0);
const isNonNegativeLimit = (n: number) => n === Infinity || (Number.isSafeInteger(n) && n >= 0);

function checkInstructionLimit(value: unknown): number {
  return checkNumber(value, isPositiveLimit, 'instructionLimit must be a positive integer number of instructions, or Infinity');
}

function checkLibs(value: unknown): readonly LuaLibrary[] {
  if (!Array.isArray(value)) throw new TypeError('libs must be an array of library names');
  for (const name of value) {
    if (!LIBRARIES.includes(name as LuaLibrary)) {
      throw new RangeError(`libs: unknown library '${String(name)}' (allowed: ${LIBRARIES.join(', ')})`);
    }
  }
  if (!value.includes('base')) throw new RangeError("libs must include 'base'");
  return Object.freeze([...new Set(value as LuaLibrary[])]);
}

function checkCallbacks(value: unknown, libs: readonly LuaLibrary[]): Readonly<Record<string, LuaCallback>> {
  if (!isObject(value)) throw new TypeError('callbacks must be an object mapping global names to functions');
  const sandboxGlobals = new Set([...BASE_GLOBALS, ...libs.filter((lib) => lib !== 'base')]);
  const callbacks: Record<string, LuaCallback> = {};
  for (const [name, callback] of Object.entries(value)) {
    const problem = callbackNameProblem(name, sandboxGlobals);
    if (problem !== undefined) throw new RangeError(`callbacks: ${problem}`);
    if (typeof callback !== 'function') throw new TypeError(`callbacks.${name} must be a function`);
    callbacks[name] = callback as LuaCallback;
  }
  return Object.freeze(callbacks);
}

const ENGINE_OPTION_KEYS = Object.keys(DEFAULT_ENGINE_OPTIONS);

/** Checks `options` and fills in the defaults. Messages name the option and its unit. */
export function resolveEngineOptions(options: LuaEngineOptions | undefined): ResolvedEngineOptions {
  if (options === undefined) return DEFAULT_ENGINE_OPTIONS;
  if (!isObject(options)) throw new TypeError('options must be an object');
  rejectUnknownKeys(options, ENGINE_OPTION_KEYS);
  const given = <K extends keyof LuaEngineOptions>(key: K) => options[key] !== undefined;
  const libs = given('libs') ? checkLibs(options.libs) : DEFAULT_ENGINE_OPTIONS.libs;
  const onPrint: unknown = options.onPrint ?? DEFAULT_ENGINE_OPTIONS.onPrint;
  if (typeof onPrint !== 'function') throw new TypeError('onPrint must be a function');
  return Object.freeze({
    memoryLimit: given('memoryLimit')
      ? checkNumber(options.memoryLimit, isPositiveLimit, 'memoryLimit must be a positive integer number of bytes, or Infinity')
      : DEFAULT_ENGINE_OPTIONS.memoryLimit,
    instructionLimit: given('instructionLimit') ? checkInstructionLimit(options.instructionLimit) : DEFAULT_ENGINE_OPTIONS.instructionLimit,
    outputLimit: given('outputLimit')
      ? checkNumber(options.outputLimit, isNonNegativeLimit, 'outputLimit must be a non-negative integer number of bytes, or Infinity')
      : DEFAULT_ENGINE_OPTIONS.outputLimit,
    libs,
    callbacks: given('callbacks') ? checkCallbacks(options.callbacks, libs) : DEFAULT_ENGINE_OPTIONS.callbacks,
    onPrint: onPrint as (text: string) => void,
    maxValueDepth: given('maxValueDepth')
      ? checkNumber(
          options.maxValueDepth,
          (n) => Number.isInteger(n) && n >= 1 && n <= MAX_VALUE_DEPTH_CEILING,
          `maxValueDepth must be an integer number of nesting levels from 1 to ${MAX_VALUE_DEPTH_CEILING}`,
        )
      : DEFAULT_ENGINE_OPTIONS.maxValueDepth,
    maxValueSize: given('maxValueSize')
      ? checkNumber(
          options.maxValueSize,
          (n) => Number.isSafeInteger(n) && n > 0,
          'maxValueSize must be a positive integer number of table entries',
        )
      : DEFAULT_ENGINE_OPTIONS.maxValueSize,
  });
}

const EXECUTE_OPTION_KEYS = ['chunkName', 'instructionLimit', 'results'] as const;
const CALL_OPTION_KEYS = ['instructionLimit', 'results'] as const;

/** Checks the options of one request. */
export function resolveRequestOptions(options: ExecuteOptions | undefined, withChunkName: boolean): ResolvedRequestOptions {
  if (options === undefined) return { chunkName: DEFAULT_CHUNK_NAME, instructionLimit: undefined, allResults: false };
  if (!isObject(options)) throw new TypeError('options must be an object');
  rejectUnknownKeys(options, withChunkName ? EXECUTE_OPTION_KEYS : CALL_OPTION_KEYS);
  const { chunkName = DEFAULT_CHUNK_NAME, instructionLimit, results = 'first' } = options;
  if (typeof chunkName !== 'string' || chunkName.length === 0 || chunkName.includes('\0')) {
    throw new TypeError('chunkName must be a non-empty string without NUL characters');
  }
  if (results !== 'first' && results !== 'all') throw new TypeError("results must be 'first' or 'all'");
  return {
    chunkName,
    instructionLimit: instructionLimit === undefined ? undefined : checkInstructionLimit(instructionLimit),
    allResults: results === 'all',
  };
}
