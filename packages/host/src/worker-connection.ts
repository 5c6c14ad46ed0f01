import {
  HostCodec,
  ProtocolError,
  RequestTracker,
  errorFromWire,
  type CallbackMessage,
  type ClosedError,
  type ErrorMessage,
  type HelloMessage,
  type PrintMessage,
  type ReplyMessage,
  type WorkerLimits,
  type WorkerMessage,
} from '@luaward/protocol';
import { abortError } from './abort.js';
import { CallbackFrame, describeThrown, encodeAnswer, runHostCallback } from './callbacks.js';
import { DeadlineTimer } from './deadline-timer.js';
import { deferred } from './deferred.js';
import { failureErrors, type Failure, type FailureErrors } from './failure.js';
import { checkHelloOrder, checkReadyLimits, encodeInit, initRefusal } from './handshake.js';
import { guardedExit, kill, type WorkerExit, type WorkerProcess } from './launchers/worker-process.js';
import type { ResolvedSupervisorOptions } from './options.js';
import type { PendingRequest } from './pending-request.js';
import { PrintBudget } from './print-budget.js';
import type { ConnectionEvent } from './types.js';

/** The supervisor options a connection works by. */
export type ConnectionOptions = Pick<
  ResolvedSupervisorOptions<unknown>,
  'launcher' | 'init' | 'callbacks' | 'onPrint' | 'startupTimeout' | 'closeTimeout' | 'abortGracePeriod' | 'maxFrameLength'
>;

type Phase = 'launching' | 'hello' | 'init' | 'ready' | 'dead';

/**
 * The conversation with one worker process, from launch to reaping: the handshake, sending what
 * the supervisor gives it when the protocol allows (one top-level request at a time, nested ones
 * inside host callbacks), matching replies, running host callbacks, timeouts, and taking the
 * worker down on any failure.
 *
 * Calls go one way: the supervisor drives the connection (`start`, `run`, `runNested`, `abort`,
 * `shutdown`), and the connection reports back through the one callback it was given
 * (`ConnectionEvent`). Its RequestTracker is its one record of what runs: requests in flight and
 * the host callbacks the worker waits on, nested like calls.
 *
 * Every byte from the worker is untrusted: anything the protocol does not allow (a malformed
 * frame, an unexpected reply, an unknown callback, a callback nested too deep, printing past the
 * output limit) kills the worker.
 */
export class WorkerConnection {
  readonly #options: ConnectionOptions;
  readonly #owner: object;
  readonly #report: (event: ConnectionEvent) => void;
  readonly #codec: HostCodec;
  /** What runs: requests in flight (the init request has no PendingRequest) and host callbacks, innermost last. */
  readonly #tracker = new RequestTracker<PendingRequest | undefined, CallbackFrame>();
  /** The timeouts of the requests in flight. */
  readonly #deadlines = new DeadlineTimer<PendingRequest>((request) => this.#fail({ kind: 'timeout', request }));
  /** The aborted requests the worker was asked to interrupt, until their grace period ends. */
  readonly #abortGraces = new DeadlineTimer<PendingRequest>((request) => this.#fail({ kind: 'abort', request }));
  /** What the running top-level request may still print; undefined without an output limit. */
  #printBudget: PrintBudget | undefined;
  readonly #launchAbort = new AbortController();
  readonly #handshake = deferred<void>();
  readonly #ended = deferred<void>();
  #process: WorkerProcess | undefined;
  /** The process's `exited`, guarded: a launcher breaking its contract by rejecting counts as an unknown exit. */
  #exited: Promise<WorkerExit | undefined> = Promise.resolve(undefined);
  #hello: HelloMessage | undefined;
  #limits: WorkerLimits | undefined;
  #phase: Phase = 'launching';
  #failure: Failure | undefined;
  #finished = false;
  #pumping = false;

  /**
   * @param owner stamped on the callback frames, so a callback of another supervisor is never taken as its owner's.
   * @param report receives every event of the connection.
   */
  constructor(options: ConnectionOptions, owner: object, report: (event: ConnectionEvent) => void) {
    this.#options = options;
    this.#owner = owner;
    this.#report = report;
    this.#codec = new HostCodec({ maxFrameLength: options.maxFrameLength });
  }

  /** The worker's pid: the launcher's, else the one the worker claims in `hello` (never signalled). */
  get pid(): number | undefined {
    const claimed = this.#hello?.pid;
    return this.#process?.pid ?? (claimed !== undefined && claimed > 0 ? claimed : undefined);
  }

  get hello(): HelloMessage | undefined {
    return this.#hello;
  }

  get limits(): WorkerLimits | undefined {
    return this.#limits;
  }

  /** True until the worker starts going down. */
  get alive(): boolean {
    return this.#failure === undefined;
  }

  /** True while the worker is ready and runs nothing: `run` may send it a top-level request. */
  get idle(): boolean {
    return this.#phase === 'ready' && this.#tracker.outstanding === 0;
  }

  /** Settles once the worker is gone and reaped. */
  get ended(): Promise<void> {
    return this.#ended.promise;
  }

  /**
   * Launches the worker and completes the handshake (`hello`, `init`, `ready`) within
   * `startupTimeout`.
   * @throws (as a rejection, once no process is left) the launcher's error, TimeoutError,
   * WorkerCrashedError, the typed error of an `init` refusal, or ClosedError when shut down.
   */
  async start(): Promise<void> {
    const { startupTimeout, launcher } = this.#options;
    const timer = Number.isFinite(startupTimeout)
      ? setTimeout(() => this.#fail({ kind: 'startup-timeout', startupTimeout }), startupTimeout)
      : undefined;
    try {
      let worker: WorkerProcess;
      try {
        worker = await launcher.launch({ signal: this.#launchAbort.signal });
      } catch (error) {
        this.#fail({ kind: 'launch', error });
        this.#finish(undefined);
        return await this.#handshake.promise;
      }
      if (this.#failure !== undefined) {
        kill(worker);
        worker.transport.close();
        this.#finish(await guardedExit(worker));
        return await this.#handshake.promise;
      }
      this.#attach(worker);
      await this.#handshake.promise;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends top-level `request`. Only while `idle`. */
  run(request: PendingRequest): void {
    if (!this.idle) throw new Error('a top-level request is sent only to an idle worker');
    this.#send(request, false);
  }

  /** Queues a request made inside host callback `frame`; it runs nested as soon as the protocol allows. */
  runNested(frame: CallbackFrame, request: PendingRequest): void {
    request.enqueue(frame.nested);
    this.#pump();
  }

  /**
   * Stops a running request: `interrupt` when the worker supports it, and the kill if the request
   * still runs after `abortGracePeriod`; at once when the worker cannot be interrupted.
   */
  abort(request: PendingRequest): void {
    if (this.#failure !== undefined || request.settled) return;
    const { abortGracePeriod } = this.#options;
    if (this.#hello?.capabilities.includes('interrupt') && abortGracePeriod > 0) {
      this.#transmit(this.#codec.encode({ type: 'interrupt', id: request.id }));
      this.#abortGraces.add(request, abortGracePeriod);
    } else {
      this.#fail({ kind: 'abort', request });
    }
  }

  /**
   * Closes the worker politely: every request it holds fails at once with `error`, the worker is
   * sent `shutdown` and its input is ended; after `closeTimeout` it is killed. Resolves once it
   * is reaped. Idempotent; after another failure it just waits for the reaping.
   */
  shutdown(error: ClosedError): Promise<void> {
    if (this.#failure === undefined) {
      this.#failure = { kind: 'closed', error };
      this.#phase = 'dead';
      this.#launchAbort.abort(error);
      this.#rejectAll(failureErrors(this.#failure, undefined, this.#limits !== undefined));
      const worker = this.#process;
      if (worker !== undefined) {
        // Before `hello` the protocol lets the host send nothing: ending the input says enough.
        if (this.#hello !== undefined) {
          try {
            worker.transport.send(this.#codec.encode({ type: 'shutdown' }));
          } catch {
            // The channel is gone already; the worker sees its input end, or the kill below comes.
          }
        }
        worker.transport.close();
        const { closeTimeout } = this.#options;
        const timer = Number.isFinite(closeTimeout) ? setTimeout(() => kill(worker), closeTimeout) : undefined;
        void this.#exited.then((exit) => {
          clearTimeout(timer);
          this.#finish(exit);
        });
      }
    }
    return this.#ended.promise;
  }

  #attach(worker: WorkerProcess): void {
    this.#process = worker;
    this.#exited = guardedExit(worker);
    this.#phase = 'hello';
    worker.transport.start({
      onFrame: (frame) => this.#onFrame(frame),
      onClose: (error) => this.#onTransportClose(error),
    });
    // A process can end while its channel stays open (a descendant holds it): the exit counts too.
    void this.#exited.then(() => this.#fail({ kind: 'exit', cause: undefined }));
  }

  #onFrame(frame: Uint8Array): void {
    if (this.#failure !== undefined) return;
    try {
      this.#dispatch(this.#codec.decode(frame));
    } catch (error) {
      if (!ProtocolError.isInstance(error)) throw error;
      this.#fail({ kind: 'violation', error });
    }
  }

  #onTransportClose(error: Error | undefined): void {
    if (ProtocolError.isInstance(error)) this.#fail({ kind: 'violation', error });
    else this.#fail({ kind: 'exit', cause: error });
  }

  #dispatch(message: WorkerMessage): void {
    checkHelloOrder(this.#hello !== undefined, message);
    switch (message.type) {
      case 'hello':
        return this.#onHello(message);
      case 'ready':
      case 'result':
      case 'stats':
      case 'error':
        return this.#onReply(message);
      case 'callback':
        return this.#onCallback(message);
      case 'print':
        return this.#onPrint(message);
    }
  }

  #onHello(hello: HelloMessage): void {
    this.#hello = hello;
    this.#codec.peerMaxFrameLength = hello.maxFrameLength;
    this.#phase = 'init';
    const refusal = initRefusal(hello, this.#options.init);
    if (refusal !== undefined) {
      this.#fail({ kind: 'refused', error: refusal });
      return;
    }
    const id = this.#tracker.open('init', undefined);
    this.#transmit(encodeInit(this.#codec, id, this.#options.init, this.#options.callbacks.keys()));
  }

  #onReady(limits: WorkerLimits): void {
    checkReadyLimits(limits, this.#options.init);
    this.#limits = limits;
    this.#tracker.maxCallbackDepth = limits.maxCallbackDepth;
    if (limits.outputLimit !== null) this.#printBudget = new PrintBudget(limits.outputLimit);
    this.#phase = 'ready';
    this.#handshake.resolve();
  }

  #onReply(reply: ReplyMessage): void {
    const request = this.#tracker.settle(reply).context;
    if (request === undefined) {
      if (reply.type === 'ready') this.#onReady(reply.limits);
      else this.#fail({ kind: 'refused', error: errorFromWire(reply as ErrorMessage) });
      return;
    }
    this.#deadlines.delete(request);
    this.#abortGraces.delete(request);
    // An aborted request never resolves, even when its result was on its way when it was aborted.
    if (request.signal?.aborted && !(reply.type === 'error' && reply.code === 'ERR_LUAWARD_ABORTED'))
      request.reject(abortError(request.signal));
    else if (reply.type === 'error') request.reject(this.#errorOf(request, reply));
    else request.resolve(reply);
    if (this.#tracker.outstanding === 0) this.#report({ type: 'idle' });
    else this.#pump();
  }

  #errorOf(request: PendingRequest, reply: ErrorMessage): Error {
    const cause = request.callbackError(reply.callbackId) ?? (reply.code === 'ERR_LUAWARD_ABORTED' ? request.signal?.reason : undefined);
    return errorFromWire(reply, cause);
  }

  #onCallback(message: CallbackMessage): void {
    const frame = new CallbackFrame(message.id, this.#owner, () => this.#pump());
    const request = this.#tracker.startCallback(message, frame).context;
    if (request === undefined) throw new ProtocolError(`the worker sent callback ${message.id} during "init"`);
    const callback = this.#options.callbacks.get(message.name);
    if (callback === undefined) throw new ProtocolError(`the worker called ${quote(message.name)}, which is not a host callback`);
    runHostCallback(callback, message.args, frame, request);
  }

  #onPrint(message: PrintMessage): void {
    const request = this.#tracker.acceptPrint().context;
    if (request === undefined) throw new ProtocolError('the worker printed during "init"');
    this.#printBudget?.charge(message.data);
    const { onPrint } = this.#options;
    if (onPrint === undefined) return;
    try {
      onPrint(message.data);
    } catch (error) {
      process.emitWarning(`onPrint threw: ${describeThrown(error)}`, 'LuaWardWarning');
    }
  }

  /** Sends what the innermost host callback waits to send: the requests nested in it, then its answer. */
  #pump(): void {
    if (this.#phase !== 'ready' || this.#pumping) return;
    this.#pumping = true;
    try {
      // Requests and answers go out only while the innermost pending thing is a callback.
      for (
        let waiting = this.#tracker.answerable;
        waiting !== undefined && this.#failure === undefined;
        waiting = this.#tracker.answerable
      ) {
        const frame = waiting.context;
        const nested = frame.nested.shift();
        if (nested !== undefined) this.#send(nested, true);
        else if (frame.state === 'settled') this.#answer(frame, waiting.request.context!);
        else return;
      }
    } finally {
      this.#pumping = false;
    }
  }

  #send(request: PendingRequest, nested: boolean): void {
    const { message } = request;
    const id = this.#tracker.open(message.type, request);
    message.id = id;
    let frame: Uint8Array;
    try {
      frame = this.#codec.encode(message);
    } catch (error) {
      // Nothing went out: take the request off the tracker's stack as if the worker had refused it.
      this.#tracker.settle({ type: 'error', id, code: 'ERR_LUAWARD_CONVERSION', message: '' });
      request.reject(error);
      return;
    }
    if (nested) this.#printBudget?.startNested();
    else this.#printBudget?.startTopLevel();
    request.markSent(id);
    this.#deadlines.add(request, request.timeout);
    this.#transmit(frame);
  }

  /** Answers host callback `frame`, run for `request`, with its outcome. */
  #answer(frame: CallbackFrame, request: PendingRequest): void {
    const bytes = encodeAnswer(this.#codec, frame, (error) => request.rememberCallbackError(frame.id, error));
    frame.state = 'answered';
    this.#tracker.answerCallback(frame.id);
    this.#transmit(bytes);
  }

  #transmit(frame: Uint8Array): void {
    try {
      this.#process!.transport.send(frame);
    } catch (error) {
      this.#fail({ kind: 'exit', cause: error as Error });
    }
  }

  /** Starts taking the worker down; `#finish` completes once it is reaped. */
  #fail(failure: Failure): void {
    if (this.#failure !== undefined) return;
    this.#failure = failure;
    this.#phase = 'dead';
    this.#launchAbort.abort();
    this.#deadlines.clear();
    this.#abortGraces.clear();
    const worker = this.#process;
    // Without a process the launch is still pending: start() finishes when it settles.
    if (worker === undefined) return;
    kill(worker);
    worker.transport.close();
    void this.#exited.then((exit) => this.#finish(exit));
  }

  #finish(exit: WorkerExit | undefined): void {
    if (this.#finished) return;
    this.#finished = true;
    const errors = failureErrors(this.#failure!, exit, this.#limits !== undefined);
    this.#rejectAll(errors);
    this.#handshake.reject(errors.start);
    this.#report({ type: 'ended', error: errors.crash });
    this.#ended.resolve();
  }

  /** Fails every request the worker holds, and orphans the callbacks it waits on. */
  #rejectAll(errors: FailureErrors): void {
    this.#deadlines.clear();
    this.#abortGraces.clear();
    for (const { context: frame } of this.#tracker.waitingCallbacks()) {
      for (const request of frame.nested.drain()) request.reject(errors.requestError(request));
      frame.orphan(errors.crash);
    }
    for (const { context } of this.#tracker.drain()) context?.reject(errors.requestError(context));
  }
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
