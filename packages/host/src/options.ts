import {
  DEFAULT_CHUNK_NAME,
  HOST_NUMBERS,
  checkBoolean,
  checkCallbacks,
  checkChunkName,
  checkFunction,
  checkLibs,
  checkNumber,
  checkNumberOption,
  checkObject,
  checkSignal,
  checkWireLimits,
  limitsIn,
  rejectUnknownOptions,
  type InitOptions,
  type LuaLibrary,
  type LuaWireInput,
  type LuaWireValue,
} from '@luaward/protocol';
import type { WorkerLauncher } from './launchers/worker-process.js';

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
   * The limits of the Lua state and the libraries, sent in `init`: every limit of `WireLimits`
   * (`@luaward/protocol`, whose limits table gives each one's unit and range), `null` for a limit
   * that allows none, and `libs`. The worker may enforce lower limits: `limits` shows what it enforces.
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
   * Milliseconds an aborted request may go on running after the worker was asked to interrupt
   * it (a long C call notices no interrupt); past it the worker is killed (and restarted with
   * `autoRestart`) and the request still rejects with AbortError. Default 1_000; 0 kills at
   * once; Infinity waits for the request's own timeout.
   */
  abortGracePeriod?: number;
  /**
   * Start a fresh worker after the worker dies (crash, timeout kill, abort kill). Requests that
   * were running at the death still fail (the Lua state they ran against is gone); requests
   * still queued run on the fresh worker. Default false: the supervisor is then dead, queued and
   * later requests reject with ClosedError.
   */
  autoRestart?: boolean;
  /**
   * Told when the worker process ends (`exit`, with the error its requests failed with, or
   * ClosedError on close) and when a fresh one is ready after a restart (`restart`). An
   * exception it throws is reported as a process warning.
   */
  onWorkerEvent?: (event: WorkerEvent) => void;
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

/** What `onWorkerEvent` hears. */
export type WorkerEvent = { type: 'exit'; pid: number | undefined; error: Error } | { type: 'restart'; pid: number | undefined };

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
  /** Any value, for the host callbacks this request runs: `currentRequest().context`. */
  context?: unknown;
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
  readonly abortGracePeriod: number;
  readonly autoRestart: boolean;
  readonly onWorkerEvent: ((event: WorkerEvent) => void) | undefined;
  readonly onStart: ((supervisor: Self) => Promise<void>) | undefined;
  readonly maxFrameLength: number;
}

export interface ResolvedRequestOptions {
  readonly timeout: number;
  readonly instructionLimit: number | null | undefined;
  readonly signal: AbortSignal | undefined;
  /** `execute`'s chunk name (the default for other requests, which have none). */
  readonly chunkName: string;
  readonly context: unknown;
}

/** The defaults of every optional supervisor option. */
export const DEFAULT_SUPERVISOR_OPTIONS = Object.freeze({
  timeout: HOST_NUMBERS.timeout.default,
  startupTimeout: HOST_NUMBERS.startupTimeout.default,
  closeTimeout: HOST_NUMBERS.closeTimeout.default,
  abortGracePeriod: HOST_NUMBERS.abortGracePeriod.default,
  autoRestart: false,
  maxFrameLength: HOST_NUMBERS.maxFrameLength.default,
});

export { DEFAULT_CHUNK_NAME };

const SUPERVISOR_KEYS = [
  'launcher',
  'init',
  'callbacks',
  'onPrint',
  'timeout',
  'startupTimeout',
  'closeTimeout',
  'abortGracePeriod',
  'autoRestart',
  'onWorkerEvent',
  'onStart',
  'maxFrameLength',
];
const REQUEST_KEYS = ['timeout', 'instructionLimit', 'signal', 'context'];
const EXECUTE_KEYS = [...REQUEST_KEYS, 'chunkName'];
const INIT_KEYS: readonly string[] = [...limitsIn('wire'), 'libs'];

/**
 * Checks every supervisor option and fills in the defaults.
 * @throws TypeError or RangeError naming the option and its unit.
 */
export function resolveSupervisorOptions<Self>(options: SupervisorOptionsFor<Self>): ResolvedSupervisorOptions<Self> {
  checkObject(options, 'Supervisor options');
  rejectUnknownOptions(options, SUPERVISOR_KEYS);
  const { launcher } = options;
  if (typeof launcher !== 'object' || launcher === null || typeof launcher.launch !== 'function') {
    throw new TypeError('launcher must be an object with a launch() method, such as a ChildProcessLauncher');
  }
  const init = checkInit(options.init);
  const callbacks = options.callbacks === undefined ? {} : checkCallbacks<HostCallback>(options.callbacks);
  const { onPrint, onStart, autoRestart, onWorkerEvent } = options;
  const defaults = DEFAULT_SUPERVISOR_OPTIONS;
  const number = (name: 'timeout' | 'startupTimeout' | 'closeTimeout' | 'abortGracePeriod' | 'maxFrameLength') =>
    options[name] === undefined ? defaults[name] : checkNumber(name, options[name], 'host');
  return Object.freeze({
    launcher,
    init,
    callbacks: new Map(Object.entries(callbacks)),
    onPrint: onPrint === undefined ? undefined : checkFunction<(data: string | Uint8Array) => void>(onPrint, 'onPrint'),
    timeout: number('timeout'),
    startupTimeout: number('startupTimeout'),
    closeTimeout: number('closeTimeout'),
    abortGracePeriod: number('abortGracePeriod'),
    autoRestart: autoRestart === undefined ? defaults.autoRestart : checkBoolean(autoRestart, 'autoRestart'),
    onWorkerEvent: onWorkerEvent === undefined ? undefined : checkFunction<(event: WorkerEvent) => void>(onWorkerEvent, 'onWorkerEvent'),
    onStart:
      onStart === undefined
        ? undefined
        : checkFunction<(supervisor: Self) => Promise<void>>(onStart, 'onStart', 'a function returning a promise'),
    maxFrameLength: number('maxFrameLength'),
  });
}

/**
 * Checks the options of one request; `execute`'s also name the chunk.
 * @throws TypeError or RangeError naming the option.
 */
export function resolveRequestOptions(
  options: ExecuteOptions | undefined,
  defaultTimeout: number,
  withChunkName: boolean,
): ResolvedRequestOptions {
  if (options === undefined)
    return { timeout: defaultTimeout, instructionLimit: undefined, signal: undefined, context: undefined, chunkName: DEFAULT_CHUNK_NAME };
  checkObject(options, 'request options');
  rejectUnknownOptions(options, withChunkName ? EXECUTE_KEYS : REQUEST_KEYS);
  const { timeout, instructionLimit } = options;
  return {
    timeout: timeout === undefined ? defaultTimeout : checkNumber('timeout', timeout, 'host'),
    instructionLimit: instructionLimit === undefined ? undefined : checkNumberOption('instructionLimit', instructionLimit, 'wire'),
    signal: checkSignal(options.signal),
    context: options.context,
    chunkName: checkChunkName(options.chunkName),
  };
}

function checkInit(init: unknown): Readonly<SupervisorInitOptions> {
  checkObject(init, 'init');
  rejectUnknownOptions(init, INIT_KEYS, 'init.');
  return Object.freeze({ ...checkWireLimits(init, 'init.'), libs: [...checkLibs(init.libs, 'wire', 'init.libs')] as LuaLibrary[] });
}
