import type { HostRequest, LuaWireInput, ReadyMessage, ResultMessage, StatsReplyMessage } from '@luaward/protocol';
import { abortError, onAbort } from './abort.js';
import { RequestQueue } from './request-queue.js';
import type { ResolvedRequestOptions } from './options.js';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A request as the supervisor builds it; the connection adds the id when it sends it. */
export type OutgoingRequest = WithoutId<HostRequest<LuaWireInput>>;

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

/** One request from submission to settlement: its promise, timer and abort listener. */
export class PendingRequest {
  readonly message: OutgoingRequest;
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
  readonly promise: Promise<RequestReply>;
  /** The id it was sent with (0 until sent). */
  id = 0;
  /** The top-level request this one is nested in, or itself. Print accounting lives there. */
  root: PendingRequest = this;
  /** Print bytes the root and its nested requests produced, and how many they may produce. */
  printed = 0;
  printAllowance = 0;
  #resolve!: (reply: RequestReply) => void;
  #reject!: (error: unknown) => void;
  #settled = false;
  #timer: NodeJS.Timeout | undefined;
  #place: RequestQueue<PendingRequest> | RequestRunner | undefined;
  readonly #removeAbortListener: (() => void) | undefined;
  readonly #callbackErrors = new Map<number, unknown>();

  constructor(message: OutgoingRequest, options: Pick<ResolvedRequestOptions, 'timeout' | 'signal'>) {
    this.message = message;
    this.timeout = options.timeout;
    this.signal = options.signal;
    this.promise = new Promise<RequestReply>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (this.signal !== undefined) this.#removeAbortListener = onAbort(this.signal, this.#onAbort);
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** Queues the request; an abort then takes it out of `queue`. */
  enqueue(queue: RequestQueue<PendingRequest>): void {
    this.#place = queue;
    queue.push(this);
  }

  /** Records that the request was sent as `id`, and starts its timeout. */
  markSent(id: number, runner: RequestRunner, onTimeout: (request: PendingRequest) => void): void {
    this.id = id;
    this.#place = runner;
    if (Number.isFinite(this.timeout)) this.#timer = setTimeout(onTimeout, this.timeout, this);
  }

  /** Keeps what a host callback run for this request threw, for the `cause` of its error reply. */
  rememberCallbackError(callbackId: number, error: unknown): void {
    this.#callbackErrors.delete(callbackId);
    this.#callbackErrors.set(callbackId, error);
    if (this.#callbackErrors.size > REMEMBERED_CALLBACK_ERRORS) this.#callbackErrors.delete(this.#callbackErrors.keys().next().value!);
  }

  callbackError(callbackId: number | undefined): unknown {
    return callbackId === undefined ? undefined : this.#callbackErrors.get(callbackId);
  }

  resolve(reply: RequestReply): void {
    if (this.#finish()) this.#resolve(reply);
  }

  reject(error: unknown): void {
    if (this.#finish()) this.#reject(error);
  }

  #finish(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#removeAbortListener?.();
    this.#place = undefined;
    this.#callbackErrors.clear();
    return true;
  }

  readonly #onAbort = (): void => {
    const place = this.#place;
    if (place instanceof RequestQueue) {
      place.remove(this);
      this.reject(abortError(this.signal!));
    } else {
      place?.abortRunning(this);
    }
  };
}
