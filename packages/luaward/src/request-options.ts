import type { RequestOptions as SupervisorRequestOptions } from '@luaward/host';

import { checkInstructionLimit, checkTimeout } from './options.js';
import { isObject, rejectUnknownKeys } from './validation.js';

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
   * it is dropped without running; running, the worker is stopped (killed, when it cannot be
   * interrupted: its Lua state is then gone, see `autoRestart`). The request rejects with
   * `AbortError` whose `cause` is the signal's reason.
   */
  signal?: AbortSignal;
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

const DEFAULT_CHUNK_NAME = 'script';
const CALL_KEYS = ['timeout', 'instructionLimit', 'signal', 'results'] as const;
const EXECUTE_KEYS = [...CALL_KEYS, 'chunkName'] as const;

function isAbortSignal(value: unknown): value is AbortSignal {
  return value instanceof AbortSignal;
}

/** Checks the options of one request; `execute` also takes a chunk name. */
export function resolveRequestOptions(options: ExecuteOptions | CallOptions | undefined, forExecute: boolean): ResolvedRequest {
  const given: ExecuteOptions = options ?? {};
  if (!isObject(given)) throw new TypeError('options must be an object');
  rejectUnknownKeys(given, forExecute ? EXECUTE_KEYS : CALL_KEYS);
  const { timeout, instructionLimit, signal, results = 'first' } = given;
  const supervisor: SupervisorRequestOptions & { chunkName?: string } = {};
  if (timeout !== undefined) supervisor.timeout = checkTimeout(timeout, 'timeout');
  if (instructionLimit !== undefined) {
    const limit = checkInstructionLimit(instructionLimit);
    supervisor.instructionLimit = limit === Infinity ? null : limit;
  }
  if (signal !== undefined) {
    if (!isAbortSignal(signal)) throw new TypeError('signal must be an AbortSignal');
    supervisor.signal = signal;
  }
  if (forExecute) {
    const { chunkName = DEFAULT_CHUNK_NAME } = given;
    if (typeof chunkName !== 'string' || chunkName.length === 0 || chunkName.includes('\0')) {
      throw new TypeError('chunkName must be a non-empty string without NUL characters');
    }
    supervisor.chunkName = chunkName;
  }
  if (results !== 'first' && results !== 'all') throw new TypeError("results must be 'first' or 'all'");
  return { supervisor, allResults: results === 'all' };
}
