import { AbortError } from '@luaward/protocol';

/** The error of a request stopped by `signal`; the signal's reason is its cause. */
export function abortError(signal: AbortSignal, detail = ''): AbortError {
  return new AbortError(`the request was aborted${detail}`, { cause: signal.reason });
}

/** Calls `listener` once when `signal` aborts; returns the function that removes the listener. */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}
