import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { StreamTransport, WorkerCrashedError, checkNumber, checkObject } from '@luaward/protocol';
import type { LaunchOptions, WorkerExit, WorkerLauncher, WorkerProcess } from './worker-process.js';

/** Where a worker's standard error goes. */
export type StderrMode = 'ignore' | 'inherit' | 'capture';

export interface ChildProcessLauncherOptions {
  /**
   * The worker executable. Give an absolute path: the worker runs with an empty environment, so
   * there is no PATH to search.
   */
  command: string;
  /** Arguments after the command. Default: none. */
  args?: readonly string[];
  /**
   * The worker's standard error: `'ignore'` (default) discards it, `'inherit'` shares this
   * process's, `'capture'` keeps its last 4 KiB and adds them to crash messages.
   */
  stderr?: StderrMode;
  /**
   * Largest frame body, in bytes, accepted from the worker: a longer announced frame is refused
   * from its 4-byte prefix alone and kills the worker. Default 64 MiB. Keep it at least the
   * supervisor's `maxFrameLength`, which is what the worker is told it may send.
   */
  maxFrameLength?: number;
}

/** Bytes of standard error kept in `'capture'` mode. */
export const STDERR_CAPTURE_BYTES = 4096;
/** How long an exit waits for captured standard error still in the pipe, in ms. */
const STDERR_DRAIN_MS = 100;
const STDERR_MODES: readonly StderrMode[] = ['ignore', 'inherit', 'capture'];

/**
 * Starts each worker as a child process whose standard input and output are the protocol pipes.
 * The worker inherits nothing it does not need: an empty environment, `/` as its working
 * directory, no descriptor beyond 0, 1 and 2, and it stays in this process's process group.
 */
export class ChildProcessLauncher implements WorkerLauncher {
  readonly #command: string;
  readonly #args: readonly string[];
  readonly #stderr: StderrMode;
  readonly #maxFrameLength: number | undefined;

  /** @throws TypeError or RangeError naming the invalid option. */
  constructor(options: ChildProcessLauncherOptions) {
    checkObject(options, 'ChildProcessLauncher options');
    const { command, args = [], stderr = 'ignore', maxFrameLength } = options;
    if (typeof command !== 'string' || command.length === 0 || command.includes('\0')) {
      throw new TypeError('command must be a non-empty path to the worker executable, without NUL characters');
    }
    if (!Array.isArray(args) || args.some((arg) => typeof arg !== 'string' || arg.includes('\0'))) {
      throw new TypeError('args must be an array of strings without NUL characters');
    }
    if (!STDERR_MODES.includes(stderr)) throw new TypeError(`stderr must be one of ${STDERR_MODES.join(', ')}`);
    this.#command = command;
    this.#args = Object.freeze([...args]);
    this.#stderr = stderr;
    this.#maxFrameLength = maxFrameLength === undefined ? undefined : checkNumber('maxFrameLength', maxFrameLength, 'host');
  }

  /**
   * Spawns the worker and resolves once the process exists (it has not said `hello` yet).
   * @throws WorkerCrashedError (as a rejection) when the process cannot be spawned, with the
   * system error as cause.
   */
  launch(options: LaunchOptions = {}): Promise<WorkerProcess> {
    return new Promise((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = spawn(this.#command, this.#args, {
          env: {},
          cwd: '/',
          stdio: ['pipe', 'pipe', this.#stderr === 'capture' ? 'pipe' : this.#stderr],
          detached: false,
          windowsHide: true,
        });
      } catch (error) {
        reject(notStarted(error));
        return;
      }
      // Attached at once: the exit must never be missed, and a late 'error' (a failed kill)
      // must not become an uncaught exception.
      const worker = new ChildWorkerProcess(child, this.#stderr === 'capture', this.#maxFrameLength);
      const onError = (error: Error): void => {
        child.off('spawn', onSpawn);
        worker.discardStreams();
        reject(notStarted(error));
      };
      const onSpawn = (): void => {
        child.off('error', onError);
        if (options.signal?.aborted) worker.kill();
        resolve(worker);
      };
      child.once('error', onError);
      child.once('spawn', onSpawn);
    });
  }
}

function notStarted(error: unknown): WorkerCrashedError {
  const reason = error instanceof Error ? error.message : String(error);
  return new WorkerCrashedError(`the worker could not be started: ${reason}`, { cause: error, exitCode: null, signal: null });
}

class ChildWorkerProcess implements WorkerProcess {
  readonly transport: StreamTransport;
  readonly exited: Promise<WorkerExit>;
  readonly #child: ChildProcess;
  readonly #stderrTail: StderrTail | undefined;
  #gone = false;

  constructor(child: ChildProcess, captureStderr: boolean, maxFrameLength: number | undefined) {
    this.#child = child;
    child.on('error', ignore);
    this.transport = new StreamTransport({ readable: child.stdout!, writable: child.stdin! }, { maxFrameLength });
    this.#stderrTail = captureStderr ? new StderrTail(child.stderr!) : undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', (exitCode, signal) => {
        this.#gone = true;
        const exit: WorkerExit = { exitCode, signal };
        if (this.#stderrTail === undefined) {
          resolve(exit);
          return;
        }
        void this.#stderrTail.drained(STDERR_DRAIN_MS).then((text) => {
          if (text.length > 0) exit.stderr = text;
          resolve(exit);
        });
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.#gone) return;
    this.#child.kill(signal);
  }

  /** Releases the pipes of a process that never started. */
  discardStreams(): void {
    this.#gone = true;
    for (const stream of [this.#child.stdin, this.#child.stdout, this.#child.stderr]) stream?.destroy();
  }
}

/** Keeps the last STDERR_CAPTURE_BYTES bytes a stream delivers. */
class StderrTail {
  #chunks: Buffer[] = [];
  #bytes = 0;
  readonly #closed: Promise<void>;

  constructor(stream: Readable) {
    stream.on('error', ignore);
    stream.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#bytes += chunk.length;
      while (this.#bytes - this.#chunks[0]!.length >= STDERR_CAPTURE_BYTES) this.#bytes -= this.#chunks.shift()!.length;
    });
    this.#closed = new Promise((resolve) => stream.once('close', resolve));
  }

  /** The captured text once the stream has closed, or after `waitMs` if it stays open (a descendant holds it). */
  async drained(waitMs: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    const all = Buffer.concat(this.#chunks);
    return all
      .subarray(Math.max(0, all.length - STDERR_CAPTURE_BYTES))
      .toString('utf8')
      .trim();
  }
}

function ignore(): void {}
