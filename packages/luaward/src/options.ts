import {
  HOST_NUMBERS,
  checkBoolean,
  checkChunkName,
  checkFunction,
  checkNumber,
  checkObject,
  defaultStateOptions,
  rejectUnknownOptions,
  resolveStateOptions,
} from '@luaward/protocol';
import type { LimitIn, LimitOptions, LuaLibrary, StateOptions } from '@luaward/protocol';
import type { LuaInput, LuaValue } from '@luaward/engine';

/**
 * A JavaScript function the script calls as a global. It receives the Lua arguments converted
 * to JavaScript (docs/values.md) and returns one value: the script always gets exactly one
 * result, nil for `undefined` and `null` (unlike the in-process engine, where `undefined` means
 * no result). It may be async: the script waits, blocked in its worker, until the promise
 * settles. If it throws or rejects, the script sees a Lua error it can catch with `pcall`;
 * uncaught, the request rejects with a `LuaRuntimeError` whose `cause` is the thrown value.
 */
export type LuaCallback = (...args: LuaValue[]) => LuaInput | void | Promise<LuaInput | void>;

/** The limits of the isolated VM's Lua state: every limit of the table. */
export type VMLimit = LimitIn<'vm'>;

/** Which worker process runs the Lua state. */
export type WorkerKind = 'native' | 'node';

/**
 * The options of `new IsolatedLuaVM()`: the limits of its Lua state ({@link LimitOptions}), which
 * take `Infinity` for none and whose units, ranges and defaults come from the limits table of
 * `@luaward/protocol`, and the options below.
 */
export interface IsolatedLuaVMOptions extends Pick<LimitOptions, VMLimit> {
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
   * The chunk name of `init` in error messages and tracebacks (`boot.lua:3: ...`). Scripts
   * cannot take it for their own chunks: a name they give `load` reads `[string "..."]`.
   * Default: `'init'`.
   */
  initChunkName?: string;
  /**
   * `'native'`: the worker is LuaWard's small native executable (a few MB, starts in a few
   * ms, confined by seccomp on Linux). `'node'`: the worker is a Node.js child process running
   * the in-process engine (about 50 MB and 100+ ms to start; no seccomp): for platforms
   * without the native worker. Default: `'native'`.
   */
  worker?: WorkerKind;
  /**
   * Milliseconds allowed from spawning the worker to its handshake being done; past it the
   * worker is killed and the start fails with `TimeoutError`. `init` is not included: it runs
   * under `timeout`, as any request does. Default: 10000.
   */
  startupTimeout?: number;
  /**
   * Milliseconds `close()` waits for the worker to exit by itself before killing it with
   * SIGKILL; `0` kills at once, `Infinity` never kills. Default: 1000.
   */
  closeTimeout?: number;
  /**
   * Milliseconds an aborted request may go on running after the worker was asked to stop it:
   * a single long C call (a catastrophic pattern match) does not notice the interrupt. Past it
   * the worker is killed (and restarted with `autoRestart`); the request still rejects with
   * `AbortError`, so an abort always ends the request within this bound. `0` kills at once,
   * `Infinity` leaves it to `timeout`. Default: 1000.
   */
  abortGracePeriod?: number;
}

/** The options of a VM with every default filled in. */
export interface ResolvedVMOptions extends StateOptions<'vm', LuaCallback> {
  readonly timeout: number;
  readonly onPrint: (text: string) => void;
  readonly autoRestart: boolean;
  readonly init: string | undefined;
  readonly initChunkName: string;
  readonly worker: WorkerKind;
  readonly startupTimeout: number;
  readonly closeTimeout: number;
  readonly abortGracePeriod: number;
}

function writeToStdout(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** The defaults every option falls back to. */
export const DEFAULT_VM_OPTIONS: ResolvedVMOptions = Object.freeze({
  ...defaultStateOptions('vm'),
  timeout: HOST_NUMBERS.timeout.default,
  onPrint: writeToStdout,
  autoRestart: false,
  init: undefined,
  initChunkName: 'init',
  worker: 'native',
  startupTimeout: HOST_NUMBERS.startupTimeout.default,
  closeTimeout: HOST_NUMBERS.closeTimeout.default,
  abortGracePeriod: HOST_NUMBERS.abortGracePeriod.default,
});

const OPTION_KEYS = Object.keys(DEFAULT_VM_OPTIONS);

/**
 * Checks `options` and fills in the defaults. Throws TypeError for a value of the wrong type,
 * RangeError for one out of range; messages name the option and its unit.
 */
export function resolveVMOptions(options: IsolatedLuaVMOptions | undefined): ResolvedVMOptions {
  if (options === undefined) return DEFAULT_VM_OPTIONS;
  checkObject(options, 'options');
  rejectUnknownOptions(options, OPTION_KEYS);
  const pick = <K extends keyof IsolatedLuaVMOptions & keyof ResolvedVMOptions>(key: K, check: (value: unknown) => ResolvedVMOptions[K]) =>
    options[key] === undefined ? DEFAULT_VM_OPTIONS[key] : check(options[key]);
  const duration = (key: 'timeout' | 'startupTimeout' | 'closeTimeout' | 'abortGracePeriod') => pick(key, (v) => checkNumber(key, v, 'vm'));
  return Object.freeze({
    ...resolveStateOptions<'vm', LuaCallback>(options, 'vm'),
    timeout: duration('timeout'),
    onPrint: pick('onPrint', (v) => checkFunction<(text: string) => void>(v, 'onPrint')),
    autoRestart: pick('autoRestart', (v) => checkBoolean(v, 'autoRestart')),
    init: pick('init', (v) => {
      if (typeof v !== 'string') throw new TypeError('init must be a string of Lua source');
      return v;
    }),
    initChunkName: pick('initChunkName', (v) => checkChunkName(v, 'initChunkName')),
    worker: pick('worker', (v) => {
      if (v !== 'native' && v !== 'node') throw new TypeError("worker must be 'native' or 'node'");
      return v;
    }),
    startupTimeout: duration('startupTimeout'),
    closeTimeout: duration('closeTimeout'),
    abortGracePeriod: duration('abortGracePeriod'),
  });
}
