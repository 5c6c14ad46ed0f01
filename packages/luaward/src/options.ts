import { LUA_LIBRARIES, MAX_VALUE_DEPTH, type LuaLibrary } from '@luaward/protocol';
import type { LuaValue } from '@luaward/engine';

import { checkNumber, isObject, rejectUnknownKeys, TIMER_LIMIT_MS } from './validation.js';

/**
 * A JavaScript function the script calls as a global. It receives the Lua arguments converted
 * to JavaScript (docs/values.md) and returns one value: the script always gets exactly one
 * result, nil for `undefined` and `null` (unlike the in-process engine, where `undefined` means
 * no result). It may be async: the script waits, blocked in its worker, until the promise
 * settles. If it throws or rejects, the script sees a Lua error it can catch with `pcall`;
 * uncaught, the request rejects with a `LuaRuntimeError` whose `cause` is the thrown value.
 */
export type LuaCallback = (...args: LuaValue[]) => LuaValue | void | Promise<LuaValue | void>;

/** Which worker process runs the Lua state. */
export type WorkerKind = 'native' | 'node';

export interface IsolatedLuaVMOptions {
  /**
   * Bytes the Lua state may hold (everything Lua allocates: the sandbox itself, strings,
   * tables, closures). Past it an allocation fails with Lua's memory error, which a script's
   * `pcall` may catch; a request that fails with it rejects with `MemoryLimitError` and the VM
   * stays usable. The worker process itself needs a few MB more than this (code, stacks,
   * buffers). `Infinity` removes the cap. Default: 64 MiB (67108864).
   */
  memoryLimit?: number;
  /**
   * VM instructions each request may run (`execute`, `call`, `callWith`, and the `init`
   * script). Past it the request rejects with `InstructionLimitError`; `pcall` cannot swallow
   * it. A C function counts as one instruction whatever it does: only `timeout` stops a single
   * long C call (docs/limits.md). `Infinity` runs without a budget. Default: 100000000.
   */
  instructionLimit?: number;
  /**
   * Bytes of `print` output per request; each line counts its text plus one for the newline.
   * Past it `print` raises an error and the request rejects with `OutputLimitError`, even if
   * the script catches that error. `Infinity` removes the cap. Default: 1 MiB (1048576).
   */
  outputLimit?: number;
  /**
   * Wall-clock milliseconds each request may take, counted from when it reaches the worker
   * (time spent waiting behind other requests does not count). Past it the worker process is
   * killed, the request rejects with `TimeoutError` and the Lua state is gone (see
   * `autoRestart`). This is the only limit that stops a single long C call such as a
   * catastrophic pattern match. Time the script spends waiting for an async callback counts.
   * At most 2147483647 (Node's timer limit), or `Infinity`. Default: 30000.
   */
  timeout?: number;
  /**
   * Standard libraries to open. Must include `'base'`. `'utf8'` and `'coroutine'` are opt-in.
   * Never available whatever this says: os, io, debug, package, require, dofile, loadfile,
   * string.dump, binary chunks. Default: `['base', 'string', 'table', 'math']`.
   */
  libs?: readonly LuaLibrary[];
  /**
   * JavaScript functions the script can call, by global name (sync or async: see
   * {@link LuaCallback}). A name must be a Lua identifier and not a keyword; a name that would
   * replace a global of the sandbox (such as `print`) makes the start fail (a `ProtocolError`
   * naming it: the worker refuses it). A callback may call back into the same VM (`vm.call`
   * inside it), up to `maxCallbackDepth`. Default: none.
   */
  callbacks?: Record<string, LuaCallback>;
  /**
   * Receives each line the script prints, without the trailing newline. Bytes that are not
   * UTF-8 arrive as U+FFFD. Lines arrive while the request runs, before it settles. An exception
   * it throws is reported as a process warning (`LuaWardWarning`); the script is not told.
   * Default: writes the line and a newline to `process.stdout`.
   */
  onPrint?: (text: string) => void;
  /**
   * After the worker dies (a crash, a `timeout` kill, an abort of a running request on a
   * worker that cannot be interrupted), start a fresh worker and run `init` again. The Lua
   * state (globals, functions) of the dead worker is lost either way. Default: `false`: every
   * later request rejects with `ClosedError` ("the worker died; its Lua state is gone").
   */
  autoRestart?: boolean;
  /**
   * Lua source run on every start and restart, before any request: define the functions and
   * tables your calls need here, so that a restarted VM has them again. It runs under the same
   * limits as a request; if it fails, the start fails with its error. Default: none.
   */
  init?: string;
  /**
   * `'native'`: the worker is LuaWard's small native executable (a few MB, starts in a few
   * ms, confined by seccomp on Linux). `'node'`: the worker is a Node.js child process running
   * the in-process engine (about 50 MB and 100+ ms to start; no seccomp): for platforms
   * without the native worker. Default: `'native'`.
   */
  worker?: WorkerKind;
  /**
   * Deepest nesting of tables a value crossing between Lua and JavaScript may have; the
   * outermost table is depth 1. Deeper values fail with `ConversionError`. From 1 to 250.
   * Default: 64.
   */
  maxValueDepth?: number;
  /**
   * Most table entries, counted over all levels, that one value crossing between Lua and
   * JavaScript may have (arguments, results, callback arguments and results). Larger values
   * fail with `ConversionError`. Strings are not counted: `memoryLimit` bounds them.
   * `Infinity` removes the cap. Default: 1000000.
   */
  maxValueSize?: number;
  /**
   * Most host callbacks that may be waiting for their result at once: a callback that calls
   * the VM, whose Lua code calls a callback again, and so on. Past it the innermost call
   * raises a Lua error. `0` disables callbacks. From 0 to 15 (the Lua state serves at most 16
   * nested requests). Default: 8.
   */
  maxCallbackDepth?: number;
  /**
   * Milliseconds allowed from spawning the worker to its handshake being done; past it the
   * worker is killed and the start fails with `TimeoutError`. `init` is not included: it runs
   * under `timeout`, as any request does. Default: 10000.
   */
  startupTimeout?: number;
  /**
   * Milliseconds `close()` waits for the worker to exit by itself before killing it with
   * SIGKILL. Default: 1000.
   */
  closeTimeout?: number;
}

/** The options of a VM with every default filled in. */
export interface ResolvedVMOptions {
  readonly memoryLimit: number;
  readonly instructionLimit: number;
  readonly outputLimit: number;
  readonly timeout: number;
  readonly libs: readonly LuaLibrary[];
  readonly callbacks: Readonly<Record<string, LuaCallback>>;
  readonly onPrint: (text: string) => void;
  readonly autoRestart: boolean;
  readonly init: string | undefined;
  readonly worker: WorkerKind;
  readonly maxValueDepth: number;
  readonly maxValueSize: number;
  readonly maxCallbackDepth: number;
  readonly startupTimeout: number;
  readonly closeTimeout: number;
}

/** Deepest callback nesting: the Lua state serves at most 16 nested requests, the outermost one included. */
export const MAX_CALLBACK_DEPTH = 15;

function writeToStdout(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** The defaults every option falls back to. */
export const DEFAULT_VM_OPTIONS: ResolvedVMOptions = Object.freeze({
  memoryLimit: 64 * 1024 * 1024,
  instructionLimit: 100_000_000,
  outputLimit: 1024 * 1024,
  timeout: 30_000,
  libs: Object.freeze(['base', 'string', 'table', 'math'] as LuaLibrary[]),
  callbacks: Object.freeze({}),
  onPrint: writeToStdout,
  autoRestart: false,
  init: undefined,
  worker: 'native',
  maxValueDepth: 64,
  maxValueSize: 1_000_000,
  maxCallbackDepth: 8,
  startupTimeout: 10_000,
  closeTimeout: 1_000,
});

const OPTION_KEYS = Object.keys(DEFAULT_VM_OPTIONS);

const isPositiveLimit = (n: number) => n === Infinity || (Number.isSafeInteger(n) && n > 0);
const isNonNegativeLimit = (n: number) => n === Infinity || (Number.isSafeInteger(n) && n >= 0);
const isIntegerFrom = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;

/** A wall-clock limit in ms: positive, within Node's timer range, or Infinity. */
export function checkTimeout(value: unknown, option: string): number {
  return checkNumber(
    value,
    (n) => n === Infinity || (n > 0 && n <= TIMER_LIMIT_MS),
    `${option} must be a positive number of milliseconds up to ${TIMER_LIMIT_MS}, or Infinity`,
  );
}

/** A per-request or per-VM instruction budget. */
export function checkInstructionLimit(value: unknown): number {
  return checkNumber(value, isPositiveLimit, 'instructionLimit must be a positive integer number of instructions, or Infinity');
}

function checkLibs(value: unknown): readonly LuaLibrary[] {
  if (!Array.isArray(value)) throw new TypeError('libs must be an array of library names');
  for (const name of value) {
    if (!LUA_LIBRARIES.includes(name as LuaLibrary)) {
      throw new RangeError(`libs: unknown library '${String(name)}' (allowed: ${LUA_LIBRARIES.join(', ')})`);
    }
  }
  if (!value.includes('base')) throw new RangeError("libs must include 'base'");
  return Object.freeze([...new Set(value as LuaLibrary[])]);
}

const LUA_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LUA_KEYWORDS = new Set([
  'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'goto', 'if', 'in',
  'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while',
]);

function checkCallbacks(value: unknown): Readonly<Record<string, LuaCallback>> {
  if (!isObject(value)) throw new TypeError('callbacks must be an object mapping global names to functions');
  const callbacks: Record<string, LuaCallback> = {};
  for (const [name, callback] of Object.entries(value)) {
    if (!LUA_IDENTIFIER.test(name)) throw new RangeError(`callbacks: '${name}' is not a Lua identifier`);
    if (LUA_KEYWORDS.has(name)) throw new RangeError(`callbacks: '${name}' is a Lua keyword`);
    if (typeof callback !== 'function') throw new TypeError(`callbacks.${name} must be a function`);
    callbacks[name] = callback as LuaCallback;
  }
  return Object.freeze(callbacks);
}

/**
 * Checks `options` and fills in the defaults. Throws TypeError for a value of the wrong type,
 * RangeError for one out of range; messages name the option and its unit.
 */
export function resolveVMOptions(options: IsolatedLuaVMOptions | undefined): ResolvedVMOptions {
  if (options === undefined) return DEFAULT_VM_OPTIONS;
  if (!isObject(options)) throw new TypeError('options must be an object');
  rejectUnknownKeys(options, OPTION_KEYS);
  const given = (key: keyof IsolatedLuaVMOptions) => options[key] !== undefined;
  const pick = <K extends keyof IsolatedLuaVMOptions & keyof ResolvedVMOptions>(key: K, check: (value: unknown) => ResolvedVMOptions[K]) =>
    given(key) ? check(options[key]) : DEFAULT_VM_OPTIONS[key];
  return Object.freeze({
    memoryLimit: pick('memoryLimit', (v) => checkNumber(v, isPositiveLimit, 'memoryLimit must be a positive integer number of bytes, or Infinity')),
    instructionLimit: pick('instructionLimit', checkInstructionLimit),
    outputLimit: pick('outputLimit', (v) =>
      checkNumber(v, isNonNegativeLimit, 'outputLimit must be a non-negative integer number of bytes, or Infinity'),
    ),
    timeout: pick('timeout', (v) => checkTimeout(v, 'timeout')),
    libs: pick('libs', checkLibs),
    callbacks: pick('callbacks', checkCallbacks),
    onPrint: pick('onPrint', (v) => {
      if (typeof v !== 'function') throw new TypeError('onPrint must be a function');
      return v as (text: string) => void;
    }),
    autoRestart: pick('autoRestart', (v) => {
      if (typeof v !== 'boolean') throw new TypeError('autoRestart must be a boolean');
      return v;
    }),
    init: pick('init', (v) => {
      if (typeof v !== 'string') throw new TypeError('init must be a string of Lua source');
      return v;
    }),
    worker: pick('worker', (v) => {
      if (v !== 'native' && v !== 'node') throw new TypeError("worker must be 'native' or 'node'");
      return v;
    }),
    maxValueDepth: pick('maxValueDepth', (v) =>
      checkNumber(v, isIntegerFrom(1, MAX_VALUE_DEPTH), `maxValueDepth must be an integer number of nesting levels from 1 to ${MAX_VALUE_DEPTH}`),
    ),
    maxValueSize: pick('maxValueSize', (v) =>
      checkNumber(v, isPositiveLimit, 'maxValueSize must be a positive integer number of table entries, or Infinity'),
    ),
    maxCallbackDepth: pick('maxCallbackDepth', (v) =>
      checkNumber(
        v,
        isIntegerFrom(0, MAX_CALLBACK_DEPTH),
        `maxCallbackDepth must be an integer number of nested callbacks from 0 to ${MAX_CALLBACK_DEPTH}`,
      ),
    ),
    startupTimeout: pick('startupTimeout', (v) => checkTimeout(v, 'startupTimeout')),
    closeTimeout: pick('closeTimeout', (v) =>
      checkNumber(
        v,
        (n) => n >= 0 && n <= TIMER_LIMIT_MS,
        `closeTimeout must be a non-negative number of milliseconds up to ${TIMER_LIMIT_MS}`,
      ),
    ),
  });
}
