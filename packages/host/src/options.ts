import {
  DEFAULT_MAX_FRAME_LENGTH,
  HostCodec,
  LUA_LIBRARIES,
  MAX_VALUE_DEPTH,
  MIN_MAX_FRAME_LENGTH,
  type InitOptions,
  type LuaLibrary,
  type LuaWireInput,
  type LuaWireValue,
} from '@luaward/protocol';
import type { WorkerLauncher } from './launchers/worker-process.js';
import { checkInteger, checkMaxFrameLength, checkTimeout, describe } from './validation.js';

/**
 * A JavaScript function the script calls as a global. It receives the Lua arguments and returns
 * one value (`undefined` and `null` are both nil), or a promise of one. A throw or a rejection
 * becomes a Lua error the script can catch with pcall; uncaught, the request fails with a
 * LuaRuntimeError whose `cause` is what the callback threw.
 */
export type HostCallback = (...args: LuaWireValue[]) => LuaWireInput | void | Promise<LuaWireInput | void>;

/** What the worker is asked to set up; every limit is required (`null` means none). */
export type SupervisorInitOptions = Omit<InitOptions, 'callbacks' | 'maxFrameLength'>;

/**
 * The options of `Supervisor.start`, for the supervisor class `Self` that `onStart` receives:
 * supervisor.ts declares `SupervisorOptions` with it, since this module cannot import the class
 * without an import cycle.
 */
export interface SupervisorOptionsFor<Self> {
  /** Starts the worker, and starts it again on every restart. */
  launcher: WorkerLauncher;
  /**
   * Limits and libraries sent in `init`: memoryLimit (bytes), instructionLimit (instructions per
   * request), outputLimit (bytes printed per request), libs, maxValueDepth (levels),
   * maxValueSize (table entries), maxCallbackDepth (callbacks waiting at once). `null` for a
   * limit means none. The worker may enforce lower limits: `limits` shows what it enforces.
   */
  init: SupervisorInitOptions;
  /**
   * Functions the script can call, by global name. A name must be a Lua name (letters, digits,
   * underscores, not starting with a digit, not a keyword); the worker may refuse names of its
   * own globals (such as `print`). Default: none.
   */
  callbacks?: Record<string, HostCallback>;
  /**
   * Receives each Lua `print`, without its newline: a string when the text is UTF-8, otherwise
   * its bytes. Default: discard. An exception it throws is reported as a process warning.
   */
  onPrint?: (data: string | Uint8Array) => void;
  /**
   * Wall-clock limit of each request in ms, counted from when it is sent to the worker, time
   * spent in host callbacks included. Past it the worker is killed and the request rejects with
   * TimeoutError. Default 30_000. Infinity for none; finite values at most 2147483647.
   */
  timeout?: number;
  /** Milliseconds allowed from launch to `ready` (the handshake; `onStart` not included). Default 10_000. */
  startupTimeout?: number;
  /** Milliseconds between asking the worker to shut down and SIGKILL, on close. Default 1_000; 0 kills at once. */
  closeTimeout?: number;
  /**
   * Start a fresh worker after the worker dies (crash, timeout kill, abort kill). Requests
   * pending at the death still fail: the Lua state they ran against is gone. Default false: the
   * supervisor is then dead and every later request rejects with ClosedError.
   */
  autoRestart?: boolean;
  /**
   * Runs after every (re)start, before any queued request is sent; requests it makes run first.
   * A failure (a rejection) fails the start. Default: none.
   */
  onStart?: (supervisor: Self) => Promise<void>;
  /**
   * Largest frame body, in bytes, this host accepts; sent to the worker in `init`. Default
   * 64 MiB; from MIN_MAX_FRAME_LENGTH to MAX_MAX_FRAME_LENGTH of `@luaward/protocol`. A
   * launcher's own `maxFrameLength` must not be smaller.
   */
  maxFrameLength?: number;
}

export interface RequestOptions {
  /** Wall-clock limit of this request in ms, instead of the supervisor's `timeout`. Infinity for none. */
  timeout?: number;
  /** This request's instruction budget; null for none. Default: `init.instructionLimit`. */
  instructionLimit?: number | null;
  /**
   * Cancels the request. Already aborted: rejects at once with AbortError. Still queued: taken
   * out of the queue. Running: interrupted when the worker supports it, otherwise the worker is
   * killed (and restarted with `autoRestart`), which also fails the requests it was running.
   */
  signal?: AbortSignal;
}

export interface ExecuteOptions extends RequestOptions {
  /** Name of the chunk in Lua's error messages and tracebacks. Default `'script'`. */
  chunkName?: string;
}

export interface ResolvedSupervisorOptions<Self> {
  readonly launcher: WorkerLauncher;
  readonly init: Readonly<SupervisorInitOptions>;
  readonly callbacks: ReadonlyMap<string, HostCallback>;
  readonly onPrint: ((data: string | Uint8Array) => void) | undefined;
  readonly timeout: number;
  readonly startupTimeout: number;
  readonly closeTimeout: number;
  readonly autoRestart: boolean;
  readonly onStart: ((supervisor: Self) => Promise<void>) | undefined;
  readonly maxFrameLength: number;
}

export interface ResolvedRequestOptions {
  readonly timeout: number;
  readonly instructionLimit: number | null | undefined;
  readonly signal: AbortSignal | undefined;
}

/** The defaults of every optional supervisor option. */
export const DEFAULT_SUPERVISOR_OPTIONS = Object.freeze({
  timeout: 30_000,
  startupTimeout: 10_000,
  closeTimeout: 1_000,
  autoRestart: false,
  maxFrameLength: DEFAULT_MAX_FRAME_LENGTH,
});

export const DEFAULT_CHUNK_NAME = 'script';

const SUPERVISOR_KEYS = [
  'launcher', 'init', 'callbacks', 'onPrint', 'timeout', 'startupTimeout', 'closeTimeout', 'autoRestart', 'onStart', 'maxFrameLength',
];
const REQUEST_KEYS = ['timeout', 'instructionLimit', 'signal'];
const EXECUTE_KEYS = [...REQUEST_KEYS, 'chunkName'];

interface LimitSpec {
  key: keyof SupervisorInitOptions;
  min: number;
  max: number;
  nullable: boolean;
  expected: string;
}

const INIT_LIMITS: readonly LimitSpec[] = [
  { key: 'memoryLimit', min: 1, max: Number.MAX_SAFE_INTEGER, nullable: true, expected: 'a positive integer number of bytes, or null for no limit' },
  { key: 'instructionLimit', min: 1, max: Number.MAX_SAFE_INTEGER, nullable: true, expected: 'a positive integer number of instructions, or null for no limit' },
  { key: 'outputLimit', min: 0, max: Number.MAX_SAFE_INTEGER, nullable: true, expected: 'a non-negative integer number of bytes, or null for no limit' },
  { key: 'maxValueDepth', min: 1, max: MAX_VALUE_DEPTH, nullable: false, expected: `an integer number of nesting levels from 1 to ${MAX_VALUE_DEPTH}` },
  { key: 'maxValueSize', min: 1, max: Number.MAX_SAFE_INTEGER, nullable: true, expected: 'a positive integer number of table entries, or null for no limit' },
  { key: 'maxCallbackDepth', min: 0, max: Number.MAX_SAFE_INTEGER, nullable: false, expected: 'a non-negative integer number of nested callbacks' },
];
const INIT_KEYS: readonly string[] = [...INIT_LIMITS.map((spec) => spec.key), 'libs'];

/**
 * Checks every supervisor option and fills in the defaults.
 * @throws TypeError or RangeError naming the option, its unit and what was given.
 */
export function resolveSupervisorOptions<Self>(options: SupervisorOptionsFor<Self>): ResolvedSupervisorOptions<Self> {
  checkObject(options, 'Supervisor options');
  rejectUnknownKeys(options, SUPERVISOR_KEYS, '');
  const { launcher } = options;
  if (typeof launcher !== 'object' || launcher === null || typeof launcher.launch !== 'function') {
    throw new TypeError('launcher must be an object with a launch() method, such as a ChildProcessLauncher');
  }
  const init = checkInit(options.init);
  const callbacks = checkCallbacks(options.callbacks, init);
  const given = <K extends keyof SupervisorOptionsFor<Self>>(key: K): boolean => options[key] !== undefined;
  if (given('onPrint') && typeof options.onPrint !== 'function') throw new TypeError('onPrint must be a function');
  if (given('onStart') && typeof options.onStart !== 'function') throw new TypeError('onStart must be a function returning a promise');
  if (given('autoRestart') && typeof options.autoRestart !== 'boolean') throw new TypeError('autoRestart must be a boolean');
  const defaults = DEFAULT_SUPERVISOR_OPTIONS;
  return Object.freeze({
    launcher,
    init,
    callbacks,
    onPrint: options.onPrint,
    timeout: given('timeout') ? checkTimeout(options.timeout, 'timeout') : defaults.timeout,
    startupTimeout: given('startupTimeout') ? checkTimeout(options.startupTimeout, 'startupTimeout') : defaults.startupTimeout,
    closeTimeout: given('closeTimeout') ? checkTimeout(options.closeTimeout, 'closeTimeout', true) : defaults.closeTimeout,
    autoRestart: options.autoRestart ?? defaults.autoRestart,
    onStart: options.onStart,
    maxFrameLength: given('maxFrameLength') ? checkMaxFrameLength(options.maxFrameLength, 'maxFrameLength') : defaults.maxFrameLength,
  });
}

/**
 * Checks the options of one request.
 * @throws TypeError or RangeError naming the option.
 */
export function resolveRequestOptions(options: ExecuteOptions | undefined, defaultTimeout: number, withChunkName: boolean): ResolvedRequestOptions {
  if (options === undefined) return { timeout: defaultTimeout, instructionLimit: undefined, signal: undefined };
  checkObject(options, 'request options');
  rejectUnknownKeys(options, withChunkName ? EXECUTE_KEYS : REQUEST_KEYS, '');
  const { timeout, instructionLimit, signal } = options;
  if (instructionLimit !== undefined && instructionLimit !== null) {
    checkInteger(instructionLimit, 1, Number.MAX_SAFE_INTEGER, 'instructionLimit must be a positive integer number of instructions, or null for no limit');
  }
  if (signal !== undefined && !isAbortSignal(signal)) throw new TypeError('signal must be an AbortSignal');
  return {
    timeout: timeout === undefined ? defaultTimeout : checkTimeout(timeout, 'timeout'),
    instructionLimit: instructionLimit as number | null | undefined,
    signal,
  };
}

/** Checks an `execute` chunk name and fills in the default. */
export function resolveChunkName(chunkName: unknown): string {
  if (chunkName === undefined) return DEFAULT_CHUNK_NAME;
  if (typeof chunkName !== 'string' || chunkName.length === 0 || chunkName.includes('\0')) {
    throw new TypeError('chunkName must be a non-empty string without NUL characters');
  }
  return chunkName;
}

function checkInit(init: unknown): Readonly<SupervisorInitOptions> {
  checkObject(init, 'init');
  rejectUnknownKeys(init, INIT_KEYS, 'init.');
  const checked: Record<string, unknown> = {};
  for (const spec of INIT_LIMITS) {
    const value = init[spec.key];
    checked[spec.key] = spec.nullable && value === null ? null : checkInteger(value, spec.min, spec.max, `init.${spec.key} must be ${spec.expected}`);
  }
  checked.libs = checkLibs(init.libs);
  return Object.freeze(checked as unknown as SupervisorInitOptions);
}

function checkLibs(libs: unknown): LuaLibrary[] {
  const expected = `init.libs must be an array of distinct library names (${LUA_LIBRARIES.join(', ')})`;
  if (!Array.isArray(libs)) throw new TypeError(`${expected}, got ${describe(libs)}`);
  for (const lib of libs) {
    if (!(LUA_LIBRARIES as readonly unknown[]).includes(lib)) throw new RangeError(`${expected}; ${describe(lib)} is not one`);
  }
  if (new Set(libs).size !== libs.length) throw new RangeError(`${expected}; a name is repeated`);
  return [...libs] as LuaLibrary[];
}

function checkCallbacks(callbacks: unknown, init: SupervisorInitOptions): ReadonlyMap<string, HostCallback> {
  if (callbacks === undefined) return new Map();
  checkObject(callbacks, 'callbacks');
  const checked = new Map<string, HostCallback>();
  // The protocol decides which names are acceptable: ask its encoder, one name at a time, so the
  // message can name the culprit.
  const codec = new HostCodec();
  for (const [name, callback] of Object.entries(callbacks)) {
    if (typeof callback !== 'function') throw new TypeError(`callbacks.${name} must be a function`);
    try {
      codec.encode({ type: 'init', id: 1, options: { ...init, callbacks: [name], maxFrameLength: MIN_MAX_FRAME_LENGTH } });
    } catch {
      throw new RangeError(`callbacks: ${JSON.stringify(name)} cannot be a Lua global name (letters, digits and underscores, not starting with a digit, not a keyword)`);
    }
    checked.set(name, callback as HostCallback);
  }
  return checked;
}

function checkObject(value: unknown, name: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${name} must be an object, got ${describe(value)}`);
}

function rejectUnknownKeys(given: object, known: readonly string[], prefix: string): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) throw new TypeError(`unknown option ${prefix}${key}`);
  }
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return value instanceof AbortSignal;
}
