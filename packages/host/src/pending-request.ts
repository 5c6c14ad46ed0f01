import { AsyncLocalStorage } from 'node:async_hooks';
import { abortError, onAbort } from './abort.js';
import { RequestQueue } from './request-queue.js';
import type { ResolvedRequestOptions } from './options.js';
import type { OutgoingRequest, RequestReply } from './types.js';

/**
 * How many failed host callbacks a request remembers for `cause`. A script can fail callbacks
 * under pcall in a loop; only the latest are kept, so that cannot pin unbounded memory.
 */
const REMEMBERED_CALLBACK_ERRORS = 32;

/** What a host callback knows of the request it runs for (`currentRequest()`). */
export interface RequestContext {
  /** Aborted once the request ends in failure: aborted, timed out, or its worker died. */
  readonly signal: AbortSignal;
  /** The `context` value given in the request's options. */
  readonly context: unknown;
}

/** One request from submission to settlement: its promise and its abort listener. */
export class PendingRequest {
  readonly message: OutgoingRequest;
  /** Its wall-clock limit in ms, counted from when it is sent; Infinity for none. */
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
  /** The caller's `context` value, for the host callbacks the request runs. */
  readonly context: unknown;
  /** Resolves with what `unwrap` makes of the reply. */
  readonly promise: Promise<unknown>;
  /** The id it was sent with (0 until sent). */
  id = 0;
  readonly #unwrap: (reply: RequestReply) => unknown;
  readonly #stopRunning: (request: PendingRequest) => void;
  #resolve!: (result: unknown) => void;
  #reject!: (error: unknown) => void;
  #settled = false;
  /** The queue it waits in, or 'sent' once the worker has it. */
  #place: RequestQueue<PendingRequest> | 'sent' | undefined;
  readonly #removeAbortListener: (() => void) | undefined;
  #callbackErrors: Map<number, unknown> | undefined;
  /** Runs a function in the async context of the call that made the request. */
  readonly #inCallerContext: <R>(fn: () => R) => R = AsyncLocalStorage.snapshot();
  /** Made when a host callback first asks for the request's signal. */
  #callbacks: AbortController | undefined;

  /**
   * @param unwrap turns the reply into what `promise` resolves with.
   * @param stopRunning called when the signal aborts after the request was sent: its owner stops
   * it (a request still queued just leaves its queue).
   */
  constructor(
    message: OutgoingRequest,
    options: Pick<ResolvedRequestOptions, 'timeout' | 'signal'> & { context?: unknown },
    unwrap: (reply: RequestReply) => unknown,
    stopRunning: (request: PendingRequest) => void,
  ) {
    this.message = message;
    this.timeout = options.timeout;
    this.signal = options.signal;
    this.context = options.context;
    this.#unwrap = unwrap;
    this.#stopRunning = stopRunning;
    this.promise = new Promise<unknown>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (this.signal !== undefined) this.#removeAbortListener = onAbort(this.signal, () => this.#onAbort());
  }

  get settled(): boolean {
    return this.#settled;
  }

  /**
   * Runs `fn` (a host callback of this request) in the async context of the call that made
   * the request, so that AsyncLocalStorage stores set around that call are visible in it.
   */
  runInCallerContext<R>(fn: () => R): R {
    return this.#inCallerContext(fn);
  }

  /** The signal and context value its host callbacks see. */
  get callbackContext(): RequestContext {
    const controller = (this.#callbacks ??= new AbortController());
    return { signal: controller.signal, context: this.context };
  }

  /** Queues the request; an abort then takes it out of `queue`. */
  enqueue(queue: RequestQueue<PendingRequest>): void {
    this.#place = queue;
    queue.push(this);
  }

  /** Records that the request was sent as `id`: an abort now has to stop it in the worker. */
  markSent(id: number): void {
    this.id = id;
    this.#place = 'sent';
  }

  /** Keeps what a host callback run for this request threw, for the `cause` of its error reply. */
  rememberCallbackError(callbackId: number, error: unknown): void {
    const errors = (this.#callbackErrors ??= new Map());
    errors.delete(callbackId);
    errors.set(callbackId, error);
    if (errors.size > REMEMBERED_CALLBACK_ERRORS) errors.delete(errors.keys().next().value!);
  }

  callbackError(callbackId: number | undefined): unknown {
    return callbackId === undefined ? undefined : this.#callbackErrors?.get(callbackId);
  }

  resolve(reply: RequestReply): void {
    if (this.#finish()) this.#resolve(this.#unwrap(reply));
  }

  reject(error: unknown): void {
    if (!this.#finish()) return;
    this.#callbacks?.abort(error);
    this.#reject(error);
  }

  #finish(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#removeAbortListener?.();
    this.#place = undefined;
    this.#callbackErrors = undefined;
    return true;
  }

  #onAbort(): void {
    const place = this.#place;
    if (place instanceof RequestQueue) {
      place.remove(this);
      this.reject(abortError(this.signal!));
    } else if (place === 'sent') {
      this.#stopRunning(this);
    }
  }
}
