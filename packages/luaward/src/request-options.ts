import type { RequestOptions as SupervisorRequestOptions } from '@luaward/host';

import { checkChunkName, checkNumber, checkObject, checkResults, checkSignal, rejectUnknownOptions } from '@luaward/protocol';

/** Options every request takes; each overrides the VM's own for this request only. */
export interface RequestOptions {
  /**
   * Wall-clock milliseconds this request may take once it reaches the worker, instead of the
   * VM's `timeout`. Past it the worker is killed and the request rejects with `TimeoutError`.
   * At most 2147483647, or `Infinity`.
   */
  timeout?: number;
  /** Instructions this request may run, instead of the VM's `instructionLimit`; `Infinity` for none. */
  instructionLimit?: number;
  /**
   * Stops the request: already aborted, it rejects at once; still queued behind other requests,
   * it is dropped without running; running, the worker is asked to stop it, and killed if it
   * still runs after the VM's `abortGracePeriod` (at once when it cannot be interrupted: its Lua
   * state is then gone, see `autoRestart`). The request rejects with `AbortError` whose `cause`
   * is the signal's reason, and never resolves once aborted.
   */
  signal?: AbortSignal;
  /**
   * Any value, for the host callbacks this request runs: `currentRequest().context` inside
   * them (for example the tenant a request is made for). Never sent to the worker.
   */
  context?: unknown;
}

/** The options of one `execute`. */
export interface ExecuteOptions extends RequestOptions {
  /**
   * Name of the chunk in error messages and tracebacks (`name:3: ...`). Lua shows at most 59
   * bytes of it. Default: `'script'`.
   */
  chunkName?: string;
  /**
   * `'first'` resolves to the first result (`undefined` when there is none); `'all'` to an
   * array of every result. Default: `'first'`.
   */
  results?: 'first' | 'all';
}

/** The options of one `callWith`. */
export interface CallOptions extends RequestOptions {
  /**
   * `'first'` resolves to the first result (`undefined` when there is none); `'all'` to an
   * array of every result. Default: `'first'`.
   */
  results?: 'first' | 'all';
}

/** A request's options, checked and translated for the supervisor. */
export interface ResolvedRequest {
  readonly supervisor: SupervisorRequestOptions & { chunkName?: string };
  readonly allResults: boolean;
}

const CALL_KEYS = ['timeout', 'instructionLimit', 'signal', 'context', 'results'];
const EXECUTE_KEYS = [...CALL_KEYS, 'chunkName'];

/** Checks the options of one request; `execute` also takes a chunk name. */
export function resolveRequestOptions(options: ExecuteOptions | CallOptions | undefined, forExecute: boolean): ResolvedRequest {
  const given: ExecuteOptions = options ?? {};
  checkObject(given, 'options');
  rejectUnknownOptions(given, forExecute ? EXECUTE_KEYS : CALL_KEYS);
  const { timeout, instructionLimit, signal } = given;
  const supervisor: SupervisorRequestOptions & { chunkName?: string } = {};
  if (timeout !== undefined) supervisor.timeout = checkNumber('timeout', timeout, 'vm');
  if (instructionLimit !== undefined) {
    const limit = checkNumber('instructionLimit', instructionLimit, 'vm');
    supervisor.instructionLimit = limit === Infinity ? null : limit;
  }
  if (signal !== undefined) supervisor.signal = checkSignal(signal);
  if (given.context !== undefined) supervisor.context = given.context;
  if (forExecute) supervisor.chunkName = checkChunkName(given.chunkName);
  return { supervisor, allResults: checkResults(given.results) };
}
