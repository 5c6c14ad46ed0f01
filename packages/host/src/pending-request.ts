import type { HostRequest, LuaWireInput, ReadyMessage, ResultMessage, StatsReplyMessage } from '@luaward/protocol';
import { abortError, onAbort } from './abort.js';
import { RequestQueue } from './request-queue.js';
import type { ResolvedRequestOptions } from './options.js';

/**
 * A request as the supervisor builds it: fields in protocol order, optional ones absent rather
 * than undefined. Its `id` is 0 until the connection sends it.
 */
export type OutgoingRequest = Exclude<HostRequest<LuaWireInput>, { type: 'init' }>;

/** The successful replies a request can get (an `error` reply rejects it instead). */
export type RequestReply = ReadyMessage | ResultMessage | StatsReplyMessage;

/** Whoever runs a sent request, and can stop it when its signal aborts. */
export interface RequestRunner {
  abortRunning(request: PendingRequest): void;
}

/**
 * How many failed host callbacks a request remembers for `cause`. A script can fail callbacks
 * under pcall in a loop; only the latest are kept, so that cannot pin unbounded memory.
 */
const REMEMBERED_CALLBACK_ERRORS = 32;

/** One request from submission to settlement: its promise and its abort listener. */
export class PendingRequest {
  readonly message: OutgoingRequest;
  /** Its wall-clock limit in ms, counted from when it is sent; Infinity for none. */
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
  /** Resolves with what `unwrap` makes of the reply. */
  readonly promise: Promise<unknown>;
  /** The id it was sent with (0 until sent). */
  id = 0;
  readonly #unwrap: (reply: RequestReply) => unknown;
  #resolve!: (result: unknown) => void;
  #reject!: (error: unknown) => void;
  #settled = false;
  #place: RequestQueue<PendingRequest> | RequestRunner | undefined;
  readonly #removeAbortListener: (() => void) | undefined;
  #callbackErrors: Map<number, unknown> | undefined;

  /** @param unwrap turns the reply into what `promise` resolves with. */
  constructor(message: OutgoingRequest, options: Pick<ResolvedRequestOptions, 'timeout' | 'signal'>, unwrap: (reply: RequestReply) => unknown) {
    this.message = message;
    this.timeout = options.timeout;
    this.signal = options.signal;
    this.#unwrap = unwrap;
    this.promise = new Promise<unknown>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (this.signal !== undefined) this.#removeAbortListener = onAbort(this.signal, () => this.#onAbort());
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** Queues the request; an abort then takes it out of `queue`. */
  enqueue(queue: RequestQueue<PendingRequest>): void {
    this.#place = queue;
    queue.push(this);
  }

  /** Records that the request was sent as `id` by `runner`. */
  markSent(id: number, runner: RequestRunner): void {
    this.id = id;
    this.#place = runner;
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
    if (this.#finish()) this.#reject(error);
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
    } else {
      place?.abortRunning(this);
    }
  }
}
