// Drives the built luaward-worker over its stdio with the protocol package's codec, as a host
// does, for the native worker's tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import {
  DEFAULT_MAX_FRAME_LENGTH,
  FrameReader,
  HostCodec,
  LIMITS,
  type CallbackMessage,
  type HelloMessage,
  type InitOptions,
  type LuaWireInput,
  type OutgoingHostMessage,
  type ReadyMessage,
  type ReplyMessage,
  type WorkerMessage,
} from '@luaward/protocol';

import { DEFAULT_ENGINE_OPTIONS } from '../../src/index.js';
import { NATIVE_WORKER_PATH } from '../../src/worker-paths.js';

export const WORKER_PATH = NATIVE_WORKER_PATH;
export const NATIVE_TESTS_PATH = fileURLToPath(new URL('../../build/Release/luaward-native-tests', import.meta.url));
export const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** The worker's default receive limit, announced in hello. */
export const WORKER_MAX_FRAME_LENGTH = 64 * 1024 * 1024;

/** A limit as the protocol has it: `null` for none. */
function wireLimit(value: number): number | null {
  return value === Infinity ? null : value;
}

/**
 * The init a host sends for the engine's defaults (DEFAULT_ENGINE_OPTIONS), no callbacks, and
 * the protocol's default frame limit. `maxCallbackDepth` is not an engine option: it takes the
 * wire's default from the limits table (and with no callbacks nothing reaches it).
 */
export const ENGINE_DEFAULT_INIT_OPTIONS: InitOptions = {
  memoryLimit: wireLimit(DEFAULT_ENGINE_OPTIONS.memoryLimit),
  instructionLimit: wireLimit(DEFAULT_ENGINE_OPTIONS.instructionLimit),
  outputLimit: wireLimit(DEFAULT_ENGINE_OPTIONS.outputLimit),
  libs: [...DEFAULT_ENGINE_OPTIONS.libs],
  callbacks: [],
  maxValueDepth: DEFAULT_ENGINE_OPTIONS.maxValueDepth,
  maxValueSize: wireLimit(DEFAULT_ENGINE_OPTIONS.maxValueSize),
  maxCallbackDepth: LIMITS.maxCallbackDepth.default,
  maxFrameLength: DEFAULT_MAX_FRAME_LENGTH,
};

/** Init options for tests: the engine's defaults with a smaller instruction budget. */
export const TEST_INIT_OPTIONS: InitOptions = { ...ENGINE_DEFAULT_INIT_OPTIONS, instructionLimit: 10_000_000 };

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What the host answers to a callback: a value, or the message of a callbackError. */
export type CallbackAnswer = { value: LuaWireInput } | { error: string };

export interface RequestHandlers {
  /** Answers a callback; may send nested requests with `worker.request` meanwhile. */
  onCallback?: (callback: CallbackMessage) => CallbackAnswer | Promise<CallbackAnswer>;
}

export interface StartOptions {
  /** The working directory the worker is started in. Default `/`. */
  cwd?: string;
  /** Extra pipes the worker inherits beyond stdio (as fds 3, 4, ...). */
  extraPipes?: number;
}

type Waiter = { resolve: (message: WorkerMessage) => void; reject: (error: Error) => void };

export class WorkerProcess {
  readonly child: ChildProcess;
  readonly codec = new HostCodec();
  /** Every message received, in order, with its frame. */
  readonly received: { message: WorkerMessage; frame: Uint8Array }[] = [];
  /** The text of every `print` received. */
  readonly printed: (string | Uint8Array)[] = [];
  readonly exited: Promise<WorkerExit>;
  stderr = '';

  readonly #reader = new FrameReader({ maxFrameLength: TEST_INIT_OPTIONS.maxFrameLength });
  readonly #inbox: WorkerMessage[] = [];
  #waiter: Waiter | undefined;
  #exit: WorkerExit | undefined;
  #failure: Error | undefined;

  /** Starts the worker with an empty environment, as a host does. */
  constructor(options: StartOptions = {}) {
    const stdio: ('pipe' | 'ignore')[] = ['pipe', 'pipe', 'pipe', ...Array<'pipe'>(options.extraPipes ?? 0).fill('pipe')];
    this.child = spawn(WORKER_PATH, [], { env: {}, cwd: options.cwd ?? '/', stdio });
    this.child.stdout!.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    // A worker that exits early must not fail the test on EPIPE.
    this.child.stdin!.on('error', () => {});
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.#exit = { code, signal };
        this.#settle();
        resolve(this.#exit);
      });
    });
    // The worker could not be started at all (a missing or half-built binary).
    this.child.on('error', (error) => {
      this.#failure ??= error;
      this.#settle();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(message: OutgoingHostMessage): void {
    this.sendBytes(this.codec.encode(message));
  }

  sendBytes(bytes: Uint8Array): void {
    this.child.stdin!.write(bytes);
  }

  /** Closes the worker's stdin: the host went away. */
  endInput(): void {
    this.child.stdin!.end();
  }

  /** The next message from the worker; rejects if the worker exits or breaks the protocol first. */
  next(): Promise<WorkerMessage> {
    const message = this.#inbox.shift();
    if (message !== undefined) return Promise.resolve(message);
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#exit !== undefined) return Promise.reject(this.#exitError());
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  /** Reads hello, sends init with `options` over the test defaults, and returns both replies. */
  async handshake(options: Partial<InitOptions> = {}): Promise<{ hello: HelloMessage; ready: ReadyMessage }> {
    const hello = (await this.next()) as HelloMessage;
    if (hello.type !== 'hello') throw new Error(`expected hello, got ${hello.type}`);
    this.send({ type: 'init', id: 1, options: { ...TEST_INIT_OPTIONS, ...options } });
    const ready = await this.next();
    if (ready.type !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(ready)}`);
    return { hello, ready };
  }

  /**
   * Sends a request and returns its reply. Prints are collected in `printed`; callbacks are
   * answered with `handlers.onCallback`, which may send nested requests meanwhile.
   */
  async request(message: OutgoingHostMessage, handlers: RequestHandlers = {}): Promise<ReplyMessage> {
    this.send(message);
    for (;;) {
      const received = await this.next();
      if (received.type === 'print') {
        this.printed.push(received.data);
      } else if (received.type === 'callback') {
        if (handlers.onCallback === undefined) throw new Error(`unexpected callback ${received.name}`);
        const answer = await handlers.onCallback(received);
        this.send(
          'error' in answer
            ? { type: 'callbackError', id: received.id, message: answer.error }
            : { type: 'callbackResult', id: received.id, value: answer.value },
        );
      } else if (received.type === 'hello') {
        throw new Error('a second hello');
      } else {
        return received;
      }
    }
  }

  /** Sends `shutdown` and waits for the exit. */
  async shutdown(): Promise<WorkerExit> {
    this.send({ type: 'shutdown' });
    return this.exited;
  }

  kill(): void {
    if (this.#exit === undefined) this.child.kill('SIGKILL');
  }

  #onData(chunk: Buffer): void {
    try {
      for (const frame of this.#reader.push(chunk)) {
        const message = this.codec.decode(frame);
        this.received.push({ message, frame: Uint8Array.from(frame) });
        this.#inbox.push(message);
      }
    } catch (error) {
      this.#failure = error as Error;
    }
    this.#settle();
  }

  #settle(): void {
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    const message = this.#inbox.shift();
    if (message !== undefined) {
      this.#waiter = undefined;
      waiter.resolve(message);
    } else if (this.#failure !== undefined) {
      this.#waiter = undefined;
      waiter.reject(this.#failure);
    } else if (this.#exit !== undefined) {
      this.#waiter = undefined;
      waiter.reject(this.#exitError());
    }
  }

  #exitError(): Error {
    return new Error(`the worker exited (code ${this.#exit?.code}, signal ${this.#exit?.signal}): ${this.stderr}`);
  }
}

/** Runs `body` with a fresh worker and always ends the process. */
export async function withWorker<T>(body: (worker: WorkerProcess) => Promise<T>, options?: StartOptions): Promise<T> {
  const worker = new WorkerProcess(options);
  try {
    return await body(worker);
  } finally {
    worker.kill();
    await worker.exited;
  }
}

/** The body bytes of a frame, in lowercase hex. */
export function bodyHex(frame: Uint8Array): string {
  return Buffer.from(frame.subarray(4)).toString('hex');
}
