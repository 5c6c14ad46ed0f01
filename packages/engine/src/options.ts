import {
  DEFAULT_CHUNK_NAME,
  checkChunkName,
  checkFunction,
  checkNumber,
  checkObject,
  checkResults,
  defaultStateOptions,
  rejectUnknownOptions,
  resolveStateOptions,
} from '@luaward/protocol';
import type { LimitIn, LimitOptions, LuaLibrary, StateOptions } from '@luaward/protocol';
import { BASE_GLOBALS } from './names.js';
import type { LuaCallback } from './values.js';

/** A standard library the sandbox can open. `base` is always required. */
export type { LuaLibrary };

/** The limits the in-process engine takes: every limit of a Lua state but `maxCallbackDepth`. */
export type EngineLimit = LimitIn<'engine'>;

/**
 * The options of `new LuaEngine()`: the limits of its Lua state ({@link LimitOptions}, all but
 * `maxCallbackDepth`), which take `Infinity` for none and whose units, ranges and defaults come
 * from the limits table of `@luaward/protocol`, and the options below.
 */
export interface LuaEngineOptions extends Pick<LimitOptions, EngineLimit> {
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
}

/** The options of an engine with every default filled in. */
export interface ResolvedEngineOptions extends StateOptions<'engine', LuaCallback> {
  readonly onPrint: (text: string) => void;
}

function writeToStdout(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** The defaults every option falls back to. */
export const DEFAULT_ENGINE_OPTIONS: ResolvedEngineOptions = Object.freeze({ ...defaultStateOptions('engine'), onPrint: writeToStdout });

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

const ENGINE_OPTION_KEYS = Object.keys(DEFAULT_ENGINE_OPTIONS);

/** The globals a callback may not replace: the base library's, and those of the libraries opened. */
function sandboxGlobals(libs: readonly LuaLibrary[]): ReadonlySet<string> {
  return new Set([...BASE_GLOBALS, ...libs.filter((lib) => lib !== 'base')]);
}

/** Checks `options` and fills in the defaults. Messages name the option and its unit. */
export function resolveEngineOptions(options: LuaEngineOptions | undefined): ResolvedEngineOptions {
  if (options === undefined) return DEFAULT_ENGINE_OPTIONS;
  checkObject(options, 'options');
  rejectUnknownOptions(options, ENGINE_OPTION_KEYS);
  const { onPrint } = options;
  return Object.freeze({
    ...resolveStateOptions<'engine', LuaCallback>(options, 'engine', sandboxGlobals),
    onPrint: onPrint === undefined ? DEFAULT_ENGINE_OPTIONS.onPrint : checkFunction<(text: string) => void>(onPrint, 'onPrint'),
  });
}

const EXECUTE_OPTION_KEYS = ['chunkName', 'instructionLimit', 'results'];
const CALL_OPTION_KEYS = ['instructionLimit', 'results'];

/** Checks the options of one request. */
export function resolveRequestOptions(options: ExecuteOptions | undefined, withChunkName: boolean): ResolvedRequestOptions {
  if (options === undefined) return { chunkName: DEFAULT_CHUNK_NAME, instructionLimit: undefined, allResults: false };
  checkObject(options, 'options');
  rejectUnknownOptions(options, withChunkName ? EXECUTE_OPTION_KEYS : CALL_OPTION_KEYS);
  const { instructionLimit } = options;
  return {
    chunkName: checkChunkName(options.chunkName),
    instructionLimit: instructionLimit === undefined ? undefined : checkNumber('instructionLimit', instructionLimit, 'engine'),
    allResults: checkResults(options.results),
  };
}
