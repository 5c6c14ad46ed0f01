import { AsyncLocalStorage } from 'node:async_hooks';
import { capMessage, type HostCodec, type LuaWireInput, type LuaWireValue } from '@luaward/protocol';
import type { HostCallback } from './options.js';
import type { PendingRequest, RequestContext } from './pending-request.js';
import { RequestQueue } from './request-queue.js';

/**
 * Where a request comes from, as far as ordering goes: from inside a host callback (it must run
 * nested in the worker, at once, or the worker and the callback would wait for each other), or
 * from an `onStart` hook (it runs before the queued requests). AsyncLocalStorage carries it
 * through the callback's awaits, timers and promise chains.
 */
export const requestOrigin = new AsyncLocalStorage<CallbackFrame | StartupPhase>();

/** The request a running host callback was called for, through its awaits and timers. */
const callbackRequest = new AsyncLocalStorage<RequestContext>();

/**
 * Inside a host callback (and what it awaits): the request it runs for, with a signal that
 * aborts when that request fails (aborted, timed out, or its worker died) and the request's
 * `context` option. Undefined outside host callbacks.
 */
export function currentRequest(): RequestContext | undefined {
  return callbackRequest.getStore();
}

/** The `onStart` run of one worker: its requests go before everything queued. */
export class StartupPhase {
  readonly queue = new RequestQueue<PendingRequest>();
  active = true;

  /** @param owner the supervisor whose worker is starting. */
  constructor(readonly owner: object) {}
}

export type CallbackOutcome = { ok: true; value: LuaWireInput | void } | { ok: false; error: unknown };

/**
 * One host callback the worker is waiting on: the connection's RequestTracker carries it, and
 * knows the request it runs for.
 * - `running`: its function has not returned (or its promise has not settled); requests it
 *   makes are nested and go to `nested`.
 * - `settled`: its outcome is known; the answer goes out once requests it started have finished.
 * - `answered`: the worker has the answer; later requests from its context are top-level.
 * - `orphaned`: the worker died (or the supervisor closed) before the answer went out.
 */
export class CallbackFrame {
  state: 'running' | 'settled' | 'answered' | 'orphaned' = 'running';
  outcome: CallbackOutcome | undefined;
  /** Why the frame was orphaned: what requests from its context now fail with. */
  orphanedBy: Error | undefined;
  readonly nested = new RequestQueue<PendingRequest>();

  /**
   * @param id the worker's callback id.
   * @param owner the supervisor, so a callback of another supervisor is never taken as ours.
   * @param onSettled told when the outcome is known.
   */
  constructor(
    readonly id: number,
    readonly owner: object,
    private readonly onSettled: (frame: CallbackFrame) => void,
  ) {}

  settle(outcome: CallbackOutcome): void {
    if (this.state !== 'running') return;
    this.state = 'settled';
    this.outcome = outcome;
    this.onSettled(this);
  }

  orphan(error: Error): void {
    this.state = 'orphaned';
    this.orphanedBy = error;
    this.outcome = undefined;
  }
}

/**
 * Runs `callback` for `frame`, a callback of `request`: in the async context of the call that
 * made the request, with the frame as the origin of the requests it makes and the request as
 * `currentRequest()`. Settles the frame with its outcome: synchronously when it returns a plain
 * value or throws, later when it returns a promise (or any thenable: no wire value has a
 * callable `then`).
 */
export function runHostCallback(callback: HostCallback, args: LuaWireValue[], frame: CallbackFrame, request: PendingRequest): void {
  let result: unknown;
  try {
    result = request.runInCallerContext(() =>
      callbackRequest.run(request.callbackContext, () => requestOrigin.run(frame, callback, ...args)),
    );
    if (!isThenable(result)) {
      frame.settle({ ok: true, value: result as LuaWireInput | void });
      return;
    }
  } catch (error) {
    frame.settle({ ok: false, error });
    return;
  }
  Promise.resolve(result).then(
    (value) => frame.settle({ ok: true, value: value as LuaWireInput | void }),
    (error: unknown) => frame.settle({ ok: false, error }),
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The text of a `callbackError` when even a capped message does not fit the worker's frame limit. */
const SHORT_CALLBACK_FAILURE = 'the host callback failed';

/**
 * The frame that answers settled `frame`: `callbackResult` with its value, or `callbackError`
 * when it failed or its value cannot be sent, after telling `onFailure` what it threw (or the
 * ConversionError of its value).
 */
export function encodeAnswer(codec: HostCodec, frame: CallbackFrame, onFailure: (error: unknown) => void): Uint8Array {
  let outcome = frame.outcome!;
  if (outcome.ok) {
    try {
      return codec.encode({ type: 'callbackResult', id: frame.id, value: outcome.value as LuaWireInput });
    } catch (error) {
      outcome = { ok: false, error };
    }
  }
  onFailure(outcome.error);
  try {
    return codec.encode({ type: 'callbackError', id: frame.id, message: describeThrown(outcome.error) });
  } catch {
    return codec.encode({ type: 'callbackError', id: frame.id, message: SHORT_CALLBACK_FAILURE });
  }
}

/** The text a `callbackError` carries for what a callback threw: its message, capped. */
export function describeThrown(error: unknown): string {
  try {
    const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
    return capMessage(typeof message === 'string' ? message : String(error));
  } catch {
    return 'the host callback threw a value that cannot be turned into text';
  }
}
