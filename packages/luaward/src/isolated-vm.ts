import { EventEmitter } from 'node:events';

import type { LuaInput, LuaValue } from '@luaward/engine';
import { Supervisor, type HostCallback, type SupervisorOptions, type WorkerEvent } from '@luaward/host';
import { ClosedError, checkArgs, checkCode, checkGlobalName, toWireLimits, type LuaWireInput, type LuaWireValue } from '@luaward/protocol';

import { resolveVMOptions, type IsolatedLuaVMOptions, type ResolvedVMOptions } from './options.js';
import { printSink } from './print-sink.js';
import { resolveRequestOptions, type CallOptions, type ExecuteOptions } from './request-options.js';
import { launcherFor } from './workers.js';

/** What `stats()` reports about a VM's worker. */
export interface IsolatedLuaVMStats {
  /** Bytes the Lua state holds now. */
  memoryUsed: number;
  /** Most bytes the Lua state has held, when the worker reports it. */
  memoryPeak?: number;
  /** The memory limit the worker enforces, in bytes; `null` when there is none. */
  memoryLimit: number | null;
  /**
   * Instructions the last request that finished ran, as its instruction budget counted them
   * (0 when it ran without one).
   */
  instructions: number;
  /** The worker's process id (a new one after a restart). */
  pid: number | undefined;
}

/**
 * The events of an `IsolatedLuaVM`, for logs and metrics:
 * - `exit`: its worker process ended: `error` is what the requests it held failed with (a
 *   `TimeoutError`'s kill, a `WorkerCrashedError`'s crash, a `ClosedError` on `close()`);
 * - `restart`: with `autoRestart`, a fresh worker is ready and `init` ran again.
 */
export interface IsolatedLuaVMEvents {
  exit: [{ pid: number | undefined; error: Error }];
  restart: [{ pid: number | undefined }];
}

/** What every request says once the worker died and no new one replaced it. */
const WORKER_GONE = 'the worker died; its Lua state is gone (create a new VM, or use autoRestart)';

function supervisorOptions(options: ResolvedVMOptions, onWorkerEvent: (event: WorkerEvent) => void): SupervisorOptions {
  const { init, initChunkName } = options;
  return {
    launcher: launcherFor(options.worker),
    init: { ...toWireLimits(options), libs: [...options.libs] },
    // A LuaValue is exactly what the wire decodes to, and what a callback returns is encoded.
    callbacks: options.callbacks as Record<string, HostCallback>,
    onPrint: printSink(options.onPrint),
    timeout: options.timeout,
    startupTimeout: options.startupTimeout,
    closeTimeout: options.closeTimeout,
    abortGracePeriod: options.abortGracePeriod,
    autoRestart: options.autoRestart,
    onWorkerEvent,
    ...(init !== undefined && {
      onStart: async (supervisor: Supervisor) => {
        await supervisor.execute(init, { chunkName: initChunkName });
      },
    }),
  };
}

function results(values: LuaWireValue[], all: boolean): LuaValue | LuaValue[] | undefined {
  return (all ? values : values[0]) as LuaValue | LuaValue[] | undefined;
}

/**
 * A sandboxed Lua 5.4 state in its own worker process, with memory, instruction, output and
 * wall-clock limits. A crash, a hang or a memory blow-up in a script kills at most the worker:
 * requests reject with a typed error and this process carries on.
 *
 * Requests run one at a time, in the order they were made; a request made from inside a host
 * callback runs at once (it is part of the request that called the callback). Every method
 * returns a promise that rejects (never throws) on bad input.
 */
export class IsolatedLuaVM extends EventEmitter<IsolatedLuaVMEvents> implements AsyncDisposable {
  readonly #starting: Promise<Supervisor>;
  #supervisor: Supervisor | undefined;
  #startFailed = false;
  #closing: Promise<void> | undefined;

  /**
   * Checks `options` at once (throwing TypeError or RangeError naming the option and its unit)
   * and starts the worker; methods called before it is ready wait for it, and reject with the
   * start-up error if it fails. Use {@link IsolatedLuaVM.create} to wait for the start yourself.
   */
  constructor(options?: IsolatedLuaVMOptions) {
    super();
    const resolved = resolveVMOptions(options);
    this.#starting = Supervisor.start(
      supervisorOptions(resolved, (event) => {
        if (event.type === 'exit') this.emit('exit', { pid: event.pid, error: event.error });
        else this.emit('restart', { pid: event.pid });
      }),
    );
    // A failed start surfaces through every method (and create); it must not also be unhandled.
    this.#starting.then(
      (supervisor) => {
        this.#supervisor = supervisor;
      },
      () => {
        this.#startFailed = true;
      },
    );
  }

  /**
   * Starts a VM and resolves once its worker is ready (and `init` ran). Rejects with the
   * start-up error, leaving no process behind.
   */
  static async create(options?: IsolatedLuaVMOptions): Promise<IsolatedLuaVM> {
    const vm = new IsolatedLuaVM(options);
    await vm.#starting;
    return vm;
  }

  /** The worker's process id, while one runs (a new one after a restart). */
  get pid(): number | undefined {
    return this.#supervisor?.pid;
  }

  /**
   * True once `close()` was called, the start failed, or the worker died without
   * `autoRestart`: every request then rejects with `ClosedError` (or the start-up error).
   */
  get closed(): boolean {
    if (this.#closing !== undefined || this.#startFailed) return true;
    const state = this.#supervisor?.state;
    return state === 'dead' || state === 'closed';
  }

  /**
   * Compiles and runs `code` (Lua source text; binary chunks are refused) and resolves to its
   * first result (`undefined` when it returns nothing), or with `{ results: 'all' }` to an
   * array of all its results.
   */
  execute<T = LuaValue>(code: string | Uint8Array, options: ExecuteOptions & { results: 'all' }): Promise<T[]>;
  execute<T = LuaValue>(code: string | Uint8Array, options?: ExecuteOptions & { results?: 'first' }): Promise<T | undefined>;
  execute(code: string | Uint8Array, options?: ExecuteOptions): Promise<LuaValue | LuaValue[] | undefined>;
  async execute(code: string | Uint8Array, options?: ExecuteOptions): Promise<LuaValue | LuaValue[] | undefined> {
    const request = resolveRequestOptions(options, true);
    const source = checkCode(code);
    return results(await this.#request((supervisor) => supervisor.execute(source, request.supervisor)), request.allResults);
  }

  /**
   * Calls the global function `name` with `args` and resolves to its first result
   * (`undefined` when it returns nothing). A global that is not a function rejects with
   * `LuaRuntimeError`.
   */
  call<T = LuaValue>(name: string, ...args: LuaInput[]): Promise<T | undefined> {
    return this.callWith<T>(name, args);
  }

  /** `call` with its arguments as an array, and this request's options. */
  callWith<T = LuaValue>(name: string, args: readonly LuaInput[], options: CallOptions & { results: 'all' }): Promise<T[]>;
  callWith<T = LuaValue>(name: string, args: readonly LuaInput[], options?: CallOptions & { results?: 'first' }): Promise<T | undefined>;
  callWith(name: string, args: readonly LuaInput[], options?: CallOptions): Promise<LuaValue | LuaValue[] | undefined>;
  async callWith(name: string, args: readonly LuaInput[], options?: CallOptions): Promise<LuaValue | LuaValue[] | undefined> {
    const request = resolveRequestOptions(options, false);
    checkGlobalName(name);
    checkArgs(args);
    // The wire's encoder checks every value and refuses what cannot cross (ConversionError).
    const values = args as readonly LuaWireInput[];
    return results(await this.#request((supervisor) => supervisor.call(name, values, request.supervisor)), request.allResults);
  }

  /** Whether the global `name` holds a function (a callable table does not count). */
  async functionExists(name: string): Promise<boolean> {
    checkGlobalName(name);
    return this.#request((supervisor) => supervisor.exists(name));
  }

  /** The value of the global `name` (`null` when it is nil), read raw: no metamethod runs. */
  async getGlobal<T = LuaValue>(name: string): Promise<T> {
    checkGlobalName(name);
    return (await this.#request((supervisor) => supervisor.getGlobal(name))) as T;
  }

  /** Sets the global `name` to `value` (`null` or `undefined` removes it), raw: no metamethod runs. */
  async setGlobal(name: string, value: LuaInput): Promise<void> {
    checkGlobalName(name);
    await this.#request((supervisor) => supervisor.setGlobal(name, value as LuaWireInput));
  }

  /** Memory and instruction figures of the worker's Lua state, and the worker's pid. */
  stats(): Promise<IsolatedLuaVMStats> {
    return this.#request(async (supervisor) => {
      const { memory, memoryPeak, instructions, pid } = await supervisor.stats();
      return {
        memoryUsed: memory,
        ...(memoryPeak !== undefined && { memoryPeak }),
        memoryLimit: supervisor.limits?.memoryLimit ?? null,
        instructions,
        pid,
      };
    });
  }

  /**
   * Stops the worker: asks it to exit, and kills it after `closeTimeout`. Requests still
   * pending or queued reject with `ClosedError`. Resolves once the process is gone. Calling it
   * again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#starting.then(
      (supervisor) => supervisor.close(),
      () => undefined,
    );
    return this.#closing;
  }

  /** `close()`, for `await using vm = await IsolatedLuaVM.create()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Runs `operation` once the worker is ready. A ClosedError of the supervisor is reworded for
   * this API (it speaks of the VM, not of the supervisor) and keeps the original as its cause.
   */
  async #request<T>(operation: (supervisor: Supervisor) => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) throw new ClosedError('the VM is closed');
    const supervisor = this.#supervisor ?? (await this.#starting);
    try {
      return await operation(supervisor);
    } catch (error) {
      if (!ClosedError.isInstance(error)) throw error;
      if (supervisor.state === 'dead') throw new ClosedError(WORKER_GONE, { cause: error });
      if (supervisor.state === 'closed') throw new ClosedError('the VM was closed before the request finished', { cause: error });
      throw error;
    }
  }
}
