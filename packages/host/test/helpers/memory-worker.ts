import {
  PROTOCOL_VERSION,
  WorkerCodec,
  createMemoryTransportPair,
  type HelloMessage,
  type HostMessage,
  type InitMessage,
  type OutgoingWorkerMessage,
  type Transport,
  type WorkerLimits,
} from '@luaward/protocol';
import type { WorkerExit, WorkerLauncher, WorkerProcess } from '../../src/index.js';

/**
 * A worker played by the test itself, in this process, at the far end of an in-memory transport:
 * the host's logic runs as over a pipe, with no process at all.
 */
export class ScriptedWorker {
  readonly codec = new WorkerCodec();
  /** The signals the host sent with `kill`, in order. */
  readonly kills: NodeJS.Signals[] = [];
  readonly #transport: Transport;
  readonly #inbox: (HostMessage | undefined)[] = [];
  #waiting: ((message: HostMessage | undefined) => void) | undefined;
  #exit: ((exit: WorkerExit) => void) | undefined;
  readonly #exited: Promise<WorkerExit>;
  #gone = false;

  constructor(transport: Transport) {
    this.#transport = transport;
    this.#exited = new Promise((resolve) => (this.#exit = resolve));
    transport.start({
      onFrame: (frame) => this.#deliver(this.codec.decode(frame)),
      onClose: () => this.#deliver(undefined),
    });
  }

  /** Sends one message to the host. */
  send(message: OutgoingWorkerMessage): void {
    this.#transport.send(this.codec.encode(message));
  }

  /** Sends raw bytes to the host, framing included. */
  sendBytes(bytes: readonly number[]): void {
    this.#transport.send(Uint8Array.from(bytes));
  }

  /** The next message from the host; undefined once the host has ended the channel. */
  receive(): Promise<HostMessage | undefined> {
    if (this.#inbox.length > 0) return Promise.resolve(this.#inbox.shift());
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  /** Says `hello` (with `hello` changes) and returns the host's `init`. */
  async hello(hello: Partial<HelloMessage> = {}): Promise<InitMessage> {
    this.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      worker: { name: 'scripted', version: '1' },
      engine: 'none',
      pid: 4242,
      maxFrameLength: 1 << 20,
      capabilities: [],
      ...hello,
    });
    return (await this.receive()) as InitMessage;
  }

  /** Says `hello` and answers `init` with `ready`, enforcing the limits asked (with `limits` changes). */
  async handshake(hello: Partial<HelloMessage> = {}, limits: Partial<WorkerLimits> = {}): Promise<InitMessage> {
    const init = await this.hello(hello);
    const { memoryLimit, instructionLimit, outputLimit, maxValueDepth, maxValueSize, maxCallbackDepth } = init.options;
    this.send({
      type: 'ready',
      id: init.id,
      limits: { memoryLimit, instructionLimit, outputLimit, maxValueDepth, maxValueSize, maxCallbackDepth, ...limits },
    });
    return init;
  }

  /** The worker's process ends with `exit`: its channel closes and `exited` settles. */
  exit(exit: WorkerExit): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#transport.close();
    this.#exit!(exit);
  }

  /** The host's view of this worker. */
  process(transport: Transport): WorkerProcess {
    return {
      transport,
      pid: undefined,
      kill: (signal: NodeJS.Signals = 'SIGKILL') => {
        if (this.#gone) return;
        this.kills.push(signal);
        this.exit({ exitCode: null, signal });
      },
      exited: this.#exited,
    };
  }

  #deliver(message: HostMessage | undefined): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting !== undefined) waiting(message);
    else this.#inbox.push(message);
  }
}

/** A launcher whose every worker is played by `play`; `workers` lists them in launch order. */
export interface MemoryLauncher extends WorkerLauncher {
  readonly workers: ScriptedWorker[];
}

export function memoryLauncher(play: (worker: ScriptedWorker) => Promise<void> | void): MemoryLauncher {
  const workers: ScriptedWorker[] = [];
  return {
    workers,
    async launch() {
      const [hostEnd, workerEnd] = createMemoryTransportPair();
      const worker = new ScriptedWorker(workerEnd);
      workers.push(worker);
      void (async () => play(worker))().catch((error: unknown) => {
        // A script that fails ends its worker, loudly: the test then sees a crash it did not expect.
        console.error(error);
        worker.exit({ exitCode: 99, signal: null });
      });
      return worker.process(hostEnd);
    },
  };
}

/**
 * Plays a worker that answers every request with an empty result (an `execute` with its code as
 * the one value), and exits at `shutdown` or at the end of its input.
 */
export async function answerEverything(worker: ScriptedWorker): Promise<void> {
  for (;;) {
    const message = await worker.receive();
    if (message === undefined || message.type === 'shutdown') return worker.exit({ exitCode: 0, signal: null });
    answer(worker, message);
  }
}

/** Answers `message` with an empty result, if it is a request. */
export function answer(worker: ScriptedWorker, message: HostMessage): void {
  switch (message.type) {
    case 'execute':
      return worker.send({ type: 'result', id: message.id, values: [message.code] });
    case 'stats':
      return worker.send({ type: 'stats', id: message.id, memory: 1, instructions: 0 });
    case 'exists':
      return worker.send({ type: 'result', id: message.id, values: [false] });
    case 'getGlobal':
      return worker.send({ type: 'result', id: message.id, values: [null] });
    case 'call':
    case 'setGlobal':
      return worker.send({ type: 'result', id: message.id, values: [] });
    default:
  }
}
