import { MAX_REQUEST_ID } from '../constants.js';
import { ProtocolError } from '../errors/errors.js';
import type { CallbackMessage, HostRequestType, ReplyMessage } from '../messages/types.js';

/** A request the host has sent and not yet seen answered. */
export interface OutstandingRequest<Context> {
  readonly id: number;
  readonly type: HostRequestType;
  /** Whatever the host attached when opening it (a promise's resolvers, a timer, ...). */
  readonly context: Context;
}

interface RequestEntry<Context> extends OutstandingRequest<Context> {
  readonly kind: 'request';
}

/** A callback the worker waits on and the host has not yet answered. */
export interface PendingCallback<CallbackContext, Context = unknown> {
  readonly id: number;
  /** Whatever the host attached when the callback arrived (the state of the callback's run, ...). */
  readonly context: CallbackContext;
  /** The request the callback runs on behalf of. */
  readonly request: OutstandingRequest<Context>;
}

interface CallbackEntry<Context, CallbackContext> extends PendingCallback<CallbackContext, Context> {
  readonly kind: 'callback';
}

type Entry<Context, CallbackContext> = RequestEntry<Context> | CallbackEntry<Context, CallbackContext>;

/**
 * The host's view of the conversation with one worker, enforcing the protocol's state machine
 * (docs/protocol.md, "Conversation"): requests and callbacks nest like calls on a stack.
 *
 * - The host may send a request when nothing runs, or when the innermost running request waits
 *   for a callback reply (a callback that calls back into the VM).
 * - Every reply must answer the innermost request, with the reply type its request calls for.
 * - A callback comes from the innermost request while it runs, with `depth` one more than the
 *   callbacks already waiting; the host answers callbacks innermost first.
 *
 * Every violation by the worker is a ProtocolError, after which the host should kill it.
 * Methods the host calls for its own messages (`open`, `answerCallback`) throw ProtocolError too
 * when the host would break the protocol; check `canOpen` / `canAnswer` first to queue instead.
 *
 * The host attaches a `Context` to each request and a `CallbackContext` to each callback, so the
 * tracker's stack is its one record of what nests in what.
 */
export class RequestTracker<Context = undefined, CallbackContext = undefined> {
  readonly #stack: Entry<Context, CallbackContext>[] = [];
  readonly #requests = new Map<number, RequestEntry<Context>>();
  readonly #callbacks = new Set<number>();
  #nextId = 1;
  #ready = false;
  #maxCallbackDepth = Number.POSITIVE_INFINITY;

  /**
   * Most callbacks that may wait for a reply at once: set it from `ready.limits.maxCallbackDepth`.
   * Until then any depth is accepted.
   */
  get maxCallbackDepth(): number {
    return this.#maxCallbackDepth;
  }

  set maxCallbackDepth(value: number) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`maxCallbackDepth must be a non-negative integer, got ${value}`);
    this.#maxCallbackDepth = value;
  }

  /** Requests sent and not yet answered. */
  get outstanding(): number {
    return this.#requests.size;
  }

  /** Callbacks waiting for the host's reply. */
  get callbackDepth(): number {
    return this.#callbacks.size;
  }

  /** True when the host may send a request now. */
  get canOpen(): boolean {
    const top = this.#stack.at(-1);
    return top === undefined || top.kind === 'callback';
  }

  /** True while request `id` is outstanding (an `interrupt` for it makes sense). */
  has(id: number): boolean {
    return this.#requests.has(id);
  }

  /** True when the host may now answer callback `id`: it is the innermost pending thing. */
  canAnswer(id: number): boolean {
    return this.answerable?.id === id;
  }

  /**
   * The callback that is the innermost pending thing, if one is: the host may answer it, or send
   * requests nested inside it. Undefined while a request runs (or nothing does).
   */
  get answerable(): PendingCallback<CallbackContext, Context> | undefined {
    const top = this.#stack.at(-1);
    return top?.kind === 'callback' ? top : undefined;
  }

  /** The callbacks waiting for the host's reply, outermost first. */
  waitingCallbacks(): PendingCallback<CallbackContext, Context>[] {
    return this.#stack.filter((entry): entry is CallbackEntry<Context, CallbackContext> => entry.kind === 'callback');
  }

  /**
   * Records a request the host is about to send and returns the id to send it with.
   * @throws ProtocolError when sending it now would break the protocol.
   */
  open(type: HostRequestType, context: Context): number {
    if (!this.canOpen)
      throw new ProtocolError(`cannot send "${type}" now: request ${this.#innermostRequest()!.id} is running and waits for no callback`);
    if (type === 'init' ? this.#ready || this.#requests.size > 0 : !this.#ready) {
      throw new ProtocolError(type === 'init' ? '"init" is sent once, first' : `cannot send "${type}" before the worker is ready`);
    }
    const id = this.#allocateId();
    const entry: RequestEntry<Context> = { kind: 'request', id, type, context };
    this.#stack.push(entry);
    this.#requests.set(id, entry);
    return id;
  }

  /**
   * Matches a worker's reply to its request and forgets the request.
   * @throws ProtocolError for a reply to an id that is not outstanding, to a request that is not
   * the innermost, of the wrong type for its request, or with the wrong number of values.
   */
  settle(reply: ReplyMessage): OutstandingRequest<Context> {
    const entry = this.#requests.get(reply.id);
    if (entry === undefined) throw new ProtocolError(`the worker sent "${reply.type}" for request ${reply.id}, which is not outstanding`);
    const top = this.#stack.at(-1)!;
    if (top !== entry) {
      const blocker =
        top.kind === 'callback' ? `callback ${top.id} still waits for its reply` : `request ${top.id}, nested inside it, is still running`;
      throw new ProtocolError(`the worker answered request ${reply.id} while ${blocker}`);
    }
    checkReplyFits(entry, reply);
    this.#stack.pop();
    this.#requests.delete(entry.id);
    if (entry.type === 'init' && reply.type === 'ready') this.#ready = true;
    return entry;
  }

  /**
   * Records a worker's callback, with `context` attached, and returns the request it runs on
   * behalf of.
   * @throws ProtocolError when no request is running, the id is already waiting, or `depth` is
   * not one more than the callbacks waiting or exceeds `maxCallbackDepth`.
   */
  startCallback(
    message: CallbackMessage,
    ...[context]: undefined extends CallbackContext ? [context?: CallbackContext] : [context: CallbackContext]
  ): OutstandingRequest<Context> {
    const top = this.#stack.at(-1);
    if (top === undefined) throw new ProtocolError(`the worker sent callback ${message.id} while no request runs`);
    if (top.kind === 'callback')
      throw new ProtocolError(`the worker sent callback ${message.id} while callback ${top.id} still waits for its reply`);
    if (this.#callbacks.has(message.id)) throw new ProtocolError(`the worker reused callback id ${message.id} while it still waits`);
    const expected = this.#callbacks.size + 1;
    if (message.depth !== expected) throw new ProtocolError(`callback ${message.id} claims depth ${message.depth}; it is ${expected}`);
    if (message.depth > this.#maxCallbackDepth) {
      throw new ProtocolError(`callback ${message.id} nests ${message.depth} deep, more than maxCallbackDepth (${this.#maxCallbackDepth})`);
    }
    this.#stack.push({ kind: 'callback', id: message.id, context: context as CallbackContext, request: top });
    this.#callbacks.add(message.id);
    return top;
  }

  /**
   * Records that the host is sending `callbackResult` or `callbackError` for callback `id`, and
   * returns the callback.
   * @throws ProtocolError when that callback is not the innermost pending thing.
   */
  answerCallback(id: number): PendingCallback<CallbackContext, Context> {
    if (!this.canAnswer(id)) {
      throw new ProtocolError(
        this.#callbacks.has(id)
          ? `callback ${id} cannot be answered before the requests nested inside it finish`
          : `callback ${id} is not waiting for a reply`,
      );
    }
    const callback = this.#stack.pop() as CallbackEntry<Context, CallbackContext>;
    this.#callbacks.delete(id);
    return callback;
  }

  /**
   * Checks that a `print` may arrive now and returns the request that printed.
   * @throws ProtocolError when no request is running (a request waiting for a callback reply runs no Lua).
   */
  acceptPrint(): OutstandingRequest<Context> {
    const top = this.#stack.at(-1);
    if (top === undefined || top.kind === 'callback') throw new ProtocolError('the worker printed while no request runs');
    return top;
  }

  /**
   * Forgets everything (the worker is gone) and returns the outstanding requests, innermost first.
   * Read `waitingCallbacks()` before, for the callbacks.
   */
  drain(): OutstandingRequest<Context>[] {
    const requests = this.#stack.filter((entry): entry is RequestEntry<Context> => entry.kind === 'request').reverse();
    this.#stack.length = 0;
    this.#requests.clear();
    this.#callbacks.clear();
    return requests;
  }

  #innermostRequest(): RequestEntry<Context> | undefined {
    for (let i = this.#stack.length - 1; i >= 0; i--) {
      const entry = this.#stack[i]!;
      if (entry.kind === 'request') return entry;
    }
    return undefined;
  }

  #allocateId(): number {
    const id = firstFreeId(this.#nextId, this.#requests);
    this.#nextId = following(id);
    return id;
  }
}

/**
 * The first id from `candidate` on (wrapping after 2^32 - 1 to 1) that `taken` does not hold.
 * Outstanding requests are few (bounded by the callback depth), so this ends quickly.
 */
export function firstFreeId(candidate: number, taken: ReadonlyMap<number, unknown>): number {
  let id = candidate;
  while (taken.has(id)) id = following(id);
  return id;
}

function following(id: number): number {
  return id === MAX_REQUEST_ID ? 1 : id + 1;
}

function checkReplyFits(request: OutstandingRequest<unknown>, reply: ReplyMessage): void {
  if (reply.type === 'error') return;
  const expected = request.type === 'init' ? 'ready' : request.type === 'stats' ? 'stats' : 'result';
  if (reply.type !== expected) throw new ProtocolError(`the worker answered "${request.type}" request ${request.id} with "${reply.type}"`);
  if (reply.type !== 'result') return;
  const values = reply.values;
  const fits =
    request.type === 'exists'
      ? values.length === 1 && typeof values[0] === 'boolean'
      : request.type === 'getGlobal'
        ? values.length === 1
        : request.type === 'setGlobal'
          ? values.length === 0
          : true;
  if (!fits) {
    const shape = request.type === 'exists' ? 'one boolean' : request.type === 'getGlobal' ? 'one value' : 'no values';
    throw new ProtocolError(`the result of "${request.type}" request ${request.id} must hold ${shape}, got ${values.length} values`);
  }
}
