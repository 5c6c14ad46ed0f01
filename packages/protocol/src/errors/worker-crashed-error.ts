import { LuaWardError, type LuaWardErrorOptions } from './luaward-error.js';

const NAME = 'WorkerCrashedError';
const MARKER = `luaward.error.${NAME}`;
const SYMBOL: unique symbol = Symbol.for(MARKER);

export interface WorkerCrashedErrorOptions extends LuaWardErrorOptions {
  exitCode?: number | null;
  signal?: string | null;
}

/** The worker process died (a signal, an exit, a broken pipe or a protocol violation) with the request pending. */
export class WorkerCrashedError extends LuaWardError {
  override readonly code = 'ERR_LUAWARD_WORKER_CRASHED';
  private readonly [SYMBOL] = true;
  /** The worker's exit code, or null when a signal ended it. */
  readonly exitCode: number | null | undefined;
  /** The signal that ended the worker, such as `SIGSEGV`, or null. */
  readonly signal: string | null | undefined;

  constructor(message: string, options?: WorkerCrashedErrorOptions) {
    super(message, options);
    this.name = NAME;
    this.exitCode = options?.exitCode;
    this.signal = options?.signal;
  }

  static override isInstance(error: unknown): error is WorkerCrashedError {
    return LuaWardError.hasMarker(error, MARKER);
  }
}
