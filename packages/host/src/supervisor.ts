import {
  ClosedError,
  checkArgs,
  checkCode,
  checkGlobalName,
  type CallMessage,
  type ExecuteMessage,
  type HelloMessage,
  type LuaWireInput,
  type LuaWireValue,
  type ResultMessage,
  type StatsReplyMessage,
  type WorkerLimits,
} from '@luaward/protocol';
import { abortError } from './abort.js';
import { CallbackFrame, StartupPhase, describeThrown, requestOrigin } from './callbacks.js';
import {
  resolveRequestOptions,
  resolveSupervisorOptions,
  type ExecuteOptions,
  type RequestOptions,
  type ResolvedRequestOptions,
  type ResolvedSupervisorOptions,
  type SupervisorOptionsFor,
  type WorkerEvent,
} from './options.js';
import { PendingRequest } from './pending-request.js';
import { RequestQueue } from './request-queue.js';
import type { ConnectionEvent, OutgoingRequest, RequestReply } from './types.js';
import { WorkerConnection } from './worker-connection.js';

/**
 * - `starting`: the first worker is being launched (or its `onStart` runs).
 * - `ready`: requests are served.
 * - `restarting`: a fresh worker replaces one that died (`autoRestart`); requests wait for it.
 * - `dead`: the worker died and was not (or could not be) restarted; requests reject with ClosedError.
 * - `closed`: `close()` was called.
 */
export type SupervisorState = 'starting' | 'ready' | 'restarting' | 'dead' | 'closed';

/** The options of `Supervisor.start`; options.ts documents each. */
export interface SupervisorOptions extends SupervisorOptionsFor<Supervisor> {}

/** What `stats()` reports. */
export interface WorkerStats {
  /** Bytes the Lua state holds now. */
  memory: number;
  /** Most bytes the Lua state has held, when the worker tracks it. */
  memoryPeak?: number;
  /** Instructions run by the last request that finished before this one. */
  instructions: number;
  /** The worker's pid at the time of the reply. */
  pid: number | undefined;
}

/**
 * Runs one worker process and speaks the protocol to it: serialises requests, runs host
 * callbacks (nested requests from inside them go straight through), enforces timeouts, and
 * turns every way the worker can die into a typed error. See docs/host.md.
 */
export class Supervisor implements AsyncDisposable {
  readonly #options: ResolvedSupervisorOptions<Supervisor>;
  /** Top-level requests waiting for the worker, oldest first. */
  readonly #queue = new RequestQueue<PendingRequest>();
  #state: SupervisorState = 'starting';
  #connection: WorkerConnection | undefined;
  /** The `onStart` run in progress, or finished with requests still queued. */
  #startup: StartupPhase | undefined;
  /** Why the supervisor is dead. */
  #deathError: Error | undefined;
  #closing: Promise<void> | undefined;

  private constructor(options: ResolvedSupervisorOptions<Supervisor>) {
    this.#options = options;
  }

  /**
   * Starts a worker and resolves once it is ready: `hello`, `init` and `onStart` done.
   * @throws (as a rejection) TypeError or RangeError for invalid options; otherwise the start
   * failure (WorkerCrashedError, TimeoutError, the worker's refusal of `init`, what `onStart`
   * threw), once no process is left behind.
   */
  static async start(options: SupervisorOptions): Promise<Supervisor> {
    const supervisor = new Supervisor(resolveSupervisorOptions(options));
    try {
      await supervisor.#startWorker();
    } catch (error) {
      await supervisor.close();
      throw error;
    }
    return supervisor;
  }

  get state(): SupervisorState {
    return this.#state;
  }

  /** The worker's pid; for an attached worker, the pid it claims in `hello`. Undefined while no worker runs. */
  get pid(): number | undefined {
    return this.#connection?.pid;
  }

  /** The limits the worker enforces, from `ready`. */
  get limits(): WorkerLimits | undefined {
    return this.#connection?.limits;
  }

  /** The worker's `hello`: protocol, name, version, engine, capabilities. */
  get worker(): HelloMessage | undefined {
    return this.#connection?.hello;
  }

  /** Compiles and runs `code` (Lua source; bytes when not UTF-8) and resolves with all its results. */
  execute(code: string | Uint8Array, options?: ExecuteOptions): Promise<LuaWireValue[]> {
    return this.#run(values, () => {
      const resolved = resolveRequestOptions(options, this.#options.timeout, true);
      const message: ExecuteMessage = { type: 'execute', id: 0, code: checkCode(code), chunkName: resolved.chunkName };
      return [withLimit(message, resolved), resolved];
    });
  }

  /** Calls the global function `name` with `args` and resolves with all its results. */
  call(name: string, args: readonly LuaWireInput[], options?: RequestOptions): Promise<LuaWireValue[]> {
    return this.#run(values, () => {
      const resolved = resolveRequestOptions(options, this.#options.timeout, false);
      const message: CallMessage<LuaWireInput> = { type: 'call', id: 0, name: checkGlobalName(name), args: checkArgs<LuaWireInput>(args) };
      return [withLimit(message, resolved), resolved];
    });
  }

  /** True when the global `name` is a function. */
  exists(name: string, options?: RequestOptions): Promise<boolean> {
    return this.#run(
      (reply) => values(reply)[0] as boolean,
      () => [{ type: 'exists', id: 0, name: checkGlobalName(name) }, resolveRequestOptions(options, this.#options.timeout, false)],
    );
  }

  /** The global `name` (nil is null). */
  getGlobal(name: string, options?: RequestOptions): Promise<LuaWireValue> {
    return this.#run(
      (reply) => values(reply)[0]!,
      () => [{ type: 'getGlobal', id: 0, name: checkGlobalName(name) }, resolveRequestOptions(options, this.#options.timeout, false)],
    );
  }

  /** Sets the global `name` to `value`; null or undefined removes it. */
  setGlobal(name: string, value: LuaWireInput, options?: RequestOptions): Promise<void> {
    return this.#run(
      () => undefined,
      () => [
        { type: 'setGlobal', id: 0, name: checkGlobalName(name), value },
        resolveRequestOptions(options, this.#options.timeout, false),
      ],
    );
  }

  /** Memory and instruction counts of the worker's Lua state. */
  stats(): Promise<WorkerStats> {
    return this.#run(
      (reply) => {
        const { memory, memoryPeak, instructions } = reply as StatsReplyMessage;
        return { memory, ...(memoryPeak === undefined ? {} : { memoryPeak }), instructions, pid: this.pid };
      },
      () => [{ type: 'stats', id: 0 }, resolveRequestOptions(undefined, this.#options.timeout, false)],
    );
  }

  /**
   * Closes the supervisor: queued and running requests reject with ClosedError at once, the
   * worker is sent `shutdown` and killed if it has not exited after `closeTimeout`. Resolves once
   * it is reaped. Idempotent.
   */
  close(): Promise<void> {
    return (this.#closing ??= this.#close());
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #close(): Promise<void> {
    this.#state = 'closed';
    const error = new ClosedError('the supervisor was closed');
    this.#rejectQueued(error);
    const connection = this.#connection;
    this.#connection = undefined;
    await connection?.shutdown(error);
  }

  /** Launches a worker, runs `onStart`, and opens the queue. Rejects once a failed worker is gone. */
  async #startWorker(): Promise<void> {
    const connection: WorkerConnection = new WorkerConnection(this.#options, this, (event) => this.#onConnectionEvent(connection, event));
    this.#connection = connection;
    await connection.start();
    const { onStart } = this.#options;
    if (onStart !== undefined) {
      const phase = new StartupPhase(this);
      this.#startup = phase;
      try {
        await requestOrigin.run(phase, () => onStart(this));
      } catch (error) {
        await connection.shutdown(new ClosedError('the worker was stopped: onStart failed', { cause: error }));
        throw error;
      } finally {
        phase.active = false;
      }
    }
    if (this.#state === 'closed') throw new ClosedError('the supervisor was closed while its worker started');
    if (!connection.alive) {
      await connection.ended;
      throw this.#deathError!;
    }
    this.#state = 'ready';
    this.#dispatch();
  }

  async #restart(): Promise<void> {
    this.#state = 'restarting';
    try {
      await this.#startWorker();
      this.#emit({ type: 'restart', pid: this.pid });
    } catch (error) {
      if (this.#closing !== undefined) return;
      this.#state = 'dead';
      this.#deathError = new ClosedError(`the worker died and could not be restarted: ${(error as Error)?.message ?? String(error)}`, {
        cause: error,
      });
      this.#rejectQueued(this.#deathError);
    }
  }

  /** What the worker connection reports: it can take the next request, or it is gone. */
  #onConnectionEvent(connection: WorkerConnection, event: ConnectionEvent): void {
    // Every worker's end is told, one stopped by close() included; only the current one's is acted on.
    if (event.type === 'ended') this.#emit({ type: 'exit', pid: connection.pid, error: event.error });
    if (connection !== this.#connection) return;
    if (event.type === 'idle') this.#dispatch();
    else this.#onDeath(event.error);
  }

  #onDeath(error: Error): void {
    this.#connection = undefined;
    if (this.#state === 'closed') return;
    this.#deathError = error;
    // A start in progress reports its own failure (and fails what waits for it).
    if (this.#state !== 'ready') return this.#rejectQueued(error);
    if (this.#options.autoRestart) {
      // Queued requests never reached the dead worker: they run on the fresh one.
      void this.#restart();
    } else {
      this.#state = 'dead';
      this.#rejectQueued(error);
    }
  }

  /** Tells `onWorkerEvent`, which must not break the supervisor by throwing. */
  #emit(event: WorkerEvent): void {
    const { onWorkerEvent } = this.#options;
    if (onWorkerEvent === undefined) return;
    try {
      onWorkerEvent(event);
    } catch (error) {
      process.emitWarning(`onWorkerEvent threw: ${describeThrown(error)}`, 'LuaWardWarning');
    }
  }

  #rejectQueued(error: Error): void {
    const startup = this.#startup;
    this.#startup = undefined;
    for (const request of startup?.queue.drain() ?? []) request.reject(error);
    for (const request of this.#queue.drain()) request.reject(error);
  }

  /** Sends the worker top-level requests while it is idle and one waits. */
  #dispatch(): void {
    const connection = this.#connection;
    while (connection?.idle) {
      const next = this.#next();
      if (next === undefined) return;
      connection.run(next);
    }
  }

  /** The next top-level request: `onStart`'s first, then the queue once the worker is ready. */
  #next(): PendingRequest | undefined {
    const startup = this.#startup;
    if (startup !== undefined) {
      const next = startup.queue.shift();
      if (next !== undefined) return next;
      if (startup.active) return undefined;
      this.#startup = undefined;
    }
    return this.#state === 'ready' ? this.#queue.shift() : undefined;
  }

  /**
   * Builds a request (validation errors become rejections) and routes it; its promise resolves
   * with what `unwrap` makes of the reply.
   */
  #run<Result>(unwrap: (reply: RequestReply) => Result, build: () => [OutgoingRequest, ResolvedRequestOptions]): Promise<Result> {
    let message: OutgoingRequest;
    let options: ResolvedRequestOptions;
    try {
      [message, options] = build();
    } catch (error) {
      return Promise.reject(error);
    }
    if (options.signal?.aborted) return Promise.reject(abortError(options.signal));
    const request = new PendingRequest(message, options, unwrap, (running) => this.#connection?.abort(running));
    this.#route(request);
    return request.promise as Promise<Result>;
  }

  /**
   * Nested when made inside one of our host callbacks still running (sent at once, inside it);
   * first in line when made by `onStart`; otherwise queued behind the other top-level requests.
   */
  #route(request: PendingRequest): void {
    const origin = requestOrigin.getStore();
    if (origin instanceof CallbackFrame && origin.owner === this) {
      if (origin.state === 'orphaned') return request.reject(origin.orphanedBy);
      if (origin.state === 'running' && this.#connection !== undefined) return this.#connection.runNested(origin, request);
    }
    if (origin instanceof StartupPhase && origin === this.#startup && origin.active) {
      request.enqueue(origin.queue);
      this.#dispatch();
      return;
    }
    if (this.#state === 'closed') return request.reject(new ClosedError('the supervisor is closed'));
    if (this.#state === 'dead') {
      return request.reject(
        new ClosedError('the worker died and its Lua state is gone; start a new supervisor', { cause: this.#deathError }),
      );
    }
    request.enqueue(this.#queue);
    this.#dispatch();
  }
}

function values(reply: RequestReply): LuaWireValue[] {
  return (reply as ResultMessage).values;
}

/** Adds the request's `instructionLimit` when it has one: an absent field means the init default. */
function withLimit<Message extends { instructionLimit?: number | null }>(message: Message, options: ResolvedRequestOptions): Message {
  if (options.instructionLimit !== undefined) message.instructionLimit = options.instructionLimit;
  return message;
}
