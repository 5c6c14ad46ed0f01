import type { Transport } from '@luaward/protocol';

/** How a worker process ended. */
export interface WorkerExit {
  /** The exit status, or null when a signal ended the process or the exit is unknown (an attached worker). */
  exitCode: number | null;
  /** The signal that ended the process, such as `SIGSEGV`, or null. */
  signal: NodeJS.Signals | null;
  /** The last bytes the worker wrote to its standard error, when the launcher captured them. */
  stderr?: string;
}

/** A started worker: its channel and its process controls. */
export interface WorkerProcess {
  /** The protocol channel to the worker. The supervisor starts and closes it. */
  readonly transport: Transport;
  /**
   * The worker's process id, or undefined when this side does not know it (an attached worker
   * whose pid the supervisor takes from `hello`, as a claim it never signals).
   */
  readonly pid: number | undefined;
  /**
   * Stops the worker. Default signal SIGKILL. A no-op once the worker is gone. For a worker this
   * side did not start, it can only close the channel.
   */
  kill(signal?: NodeJS.Signals): void;
  /**
   * Settles once, when the process is gone and reaped (no zombie left), or for an attached worker
   * when its channel is gone. Never rejects.
   */
  readonly exited: Promise<WorkerExit>;
}

/** What a supervisor passes to `launch`. */
export interface LaunchOptions {
  /**
   * Aborted when the supervisor no longer wants the worker (its start timed out, or it was
   * closed). A launcher should then give up waiting and reject; a worker it already started it
   * must stop.
   */
  signal?: AbortSignal;
}

/** Starts workers: one `launch` per worker, called again for every restart. */
export interface WorkerLauncher {
  launch(options?: LaunchOptions): Promise<WorkerProcess>;
}

/**
 * `worker.exited`, guarded: a launcher breaking its contract by rejecting counts as an unknown
 * exit (undefined).
 */
export function guardedExit(worker: WorkerProcess): Promise<WorkerExit | undefined> {
  return worker.exited.catch(() => undefined);
}

/** SIGKILLs `worker`. A launcher's kill that throws has nothing more to stop; `exited` still settles. */
export function kill(worker: WorkerProcess): void {
  try {
    worker.kill('SIGKILL');
  } catch {
    // Nothing more to do: see above.
  }
}
