import { createServer, type Socket } from 'node:net';
import { HOST_NUMBERS, StreamTransport, TimeoutError, WorkerCrashedError, checkNumber, checkObject } from '@luaward/protocol';
import type { LaunchOptions, WorkerExit, WorkerLauncher, WorkerProcess } from './worker-process.js';

export interface UnixSocketLauncherOptions {
  /**
   * Where to listen. Nothing may exist at this path. Put it in a directory only this user can
   * enter: whoever connects first is taken as the worker.
   */
  path: string;
  /** Milliseconds to wait for the worker to connect, each launch. Default 10_000. Infinity allowed. */
  connectTimeout?: number;
  /**
   * Largest frame body, in bytes, accepted from the worker. Default 64 MiB. Keep it at least the
   * supervisor's `maxFrameLength`.
   */
  maxFrameLength?: number;
}

export const DEFAULT_CONNECT_TIMEOUT = HOST_NUMBERS.connectTimeout.default;

/**
 * Waits for ONE worker, started elsewhere, to connect to a Unix socket, and speaks the protocol
 * over that connection. Each `launch` listens anew; the socket file exists only while a launch
 * waits, and is removed once a worker has connected or the launch gave up.
 *
 * This side did not start the process, so it cannot signal it: `kill` closes the connection
 * (the worker sees the end of its input and should exit), `pid` stays undefined (the supervisor
 * shows the pid the worker claims in `hello`), and `exited` settles when the connection is gone,
 * with neither exit code nor signal. A launcher that also starts the process can wrap this one
 * and add real process control (docs/host.md).
 */
export class UnixSocketLauncher implements WorkerLauncher {
  readonly #path: string;
  readonly #connectTimeout: number;
  readonly #maxFrameLength: number | undefined;

  /** @throws TypeError or RangeError naming the invalid option. */
  constructor(options: UnixSocketLauncherOptions) {
    checkObject(options, 'UnixSocketLauncher options');
    const { path, connectTimeout = DEFAULT_CONNECT_TIMEOUT, maxFrameLength } = options;
    if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) {
      throw new TypeError('path must be a non-empty socket path without NUL characters');
    }
    this.#path = path;
    this.#connectTimeout = checkNumber('connectTimeout', connectTimeout, 'host');
    this.#maxFrameLength = maxFrameLength === undefined ? undefined : checkNumber('maxFrameLength', maxFrameLength, 'host');
  }

  /**
   * Listens on the path (bound by the time this returns, so a worker may connect right away) and
   * resolves with the first connection.
   * @throws (as a rejection) TimeoutError when no worker connects within `connectTimeout`;
   * WorkerCrashedError when the path cannot be listened on; the signal's reason when aborted.
   */
  launch(options: LaunchOptions = {}): Promise<WorkerProcess> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const server = createServer();
      let timer: NodeJS.Timeout | undefined;
      const settle = (error: unknown, socket?: Socket): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        server.off('connection', onConnection);
        server.off('error', onError);
        // Connections that raced in after the first are refused by closing the server.
        server.on('connection', refuse);
        server.close();
        if (socket !== undefined) resolve(new AttachedWorkerProcess(socket, this.#maxFrameLength));
        else reject(error);
      };
      const onConnection = (socket: Socket): void => settle(undefined, socket);
      const onError = (error: Error): void =>
        settle(
          new WorkerCrashedError(`no worker could attach: listening on ${this.#path} failed: ${error.message}`, {
            cause: error,
            exitCode: null,
            signal: null,
          }),
        );
      const onAbort = (): void => settle(signal!.reason);
      server.on('connection', onConnection);
      server.on('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(this.#connectTimeout)) {
        timer = setTimeout(
          () =>
            settle(
              new TimeoutError(`no worker connected to ${this.#path} within ${this.#connectTimeout} ms`, { timeout: this.#connectTimeout }),
            ),
          this.#connectTimeout,
        );
      }
      // Node binds a Unix socket within listen(), so a worker may connect once launch() returns;
      // failures arrive as 'error'. Exclusive: in a cluster worker, listen here, not in the primary.
      server.listen({ path: this.#path, exclusive: true });
    });
  }
}

function refuse(socket: Socket): void {
  socket.destroy();
}

class AttachedWorkerProcess implements WorkerProcess {
  readonly transport: StreamTransport;
  readonly pid = undefined;
  readonly exited: Promise<WorkerExit>;
  readonly #socket: Socket;

  constructor(socket: Socket, maxFrameLength: number | undefined) {
    this.#socket = socket;
    this.transport = new StreamTransport(socket, { maxFrameLength });
    this.exited = new Promise((resolve) => socket.once('close', () => resolve({ exitCode: null, signal: null })));
  }

  kill(): void {
    this.#socket.destroy();
  }
}
