import {
  MAX_REQUEST_ID,
  PROTOCOL_VERSION,
  ProtocolError,
  type BlockingTransport,
  type HostMessage,
  type HostRequest,
  type InitMessage,
  type LuaWireValue,
  type OutgoingWorkerMessage,
  type WorkerCodec,
} from '@luaward/protocol';
import { LuaEngine } from '../lua-engine.js';
import { LUA_RELEASE } from '../native.js';
import type { LuaCallback, LuaValue } from '../values.js';
import { errorReply } from './error-reply.js';
import { enforcedLimits, engineOptionsFor, requestBudget } from './init-options.js';

/** Exit statuses of the worker process. */
export const EXIT_STATUS = Object.freeze({
  /** `shutdown`, or the host ended the channel (end of input, or a write found it gone). */
  done: 0,
  /** The host broke the protocol. */
  hostViolation: 2,
});

export interface NodeWorkerOptions {
  /** The blocking channel to the host (descriptors 0 and 1 in a worker process). */
  transport: BlockingTransport;
  codec: WorkerCodec;
  /** `hello.worker`. */
  name: string;
  version: string;
  /** Ends the process with `status`, after saying why on standard error. Does not return. */
  exit(status: number, reason?: string): never;
}

/** Optional features this worker has; it cannot stop a running request, so not `interrupt`. */
const CAPABILITIES = ['coroutine', 'utf8'];

/**
 * A protocol worker around an in-process LuaEngine, for Node. Everything is synchronous: the
 * engine runs Lua on this thread, and a host callback blocks on the channel until its answer
 * arrives, serving meanwhile the requests the host nests inside it (the engine is re-entrant).
 */
export class NodeWorker {
  readonly #transport: BlockingTransport;
  readonly #codec: WorkerCodec;
  readonly #options: NodeWorkerOptions;
  /** The errors raised for `callbackError` messages, mapped to their callback ids. */
  readonly #callbackIds = new WeakMap<object, number>();
  #engine: LuaEngine | undefined;
  #maxCallbackDepth = 0;
  /** Callbacks waiting for the host's answer. */
  #callbackDepth = 0;
  #nextCallbackId = 1;

  constructor(options: NodeWorkerOptions) {
    this.#options = options;
    this.#transport = options.transport;
    this.#codec = options.codec;
  }

  /** Says `hello`, then serves messages until `shutdown` or the end of input. */
  run(): never {
    this.#send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      worker: { name: this.#options.name, version: this.#options.version },
      engine: LUA_RELEASE,
      pid: process.pid,
      maxFrameLength: this.#codec.maxFrameLength,
      capabilities: CAPABILITIES,
    });
    for (;;) this.#handle(this.#receive());
  }

  #handle(message: HostMessage): void {
    switch (message.type) {
      case 'init':
        return this.#init(message);
      case 'execute':
      case 'call':
      case 'exists':
      case 'getGlobal':
      case 'setGlobal':
      case 'stats':
        return this.#serve(message);
      case 'interrupt':
        // Not a capability of this worker; a request it names has finished or cannot be stopped.
        return;
      case 'shutdown':
        return this.#options.exit(EXIT_STATUS.done);
      case 'callbackResult':
      case 'callbackError':
        return this.#violation(`the host answered callback ${message.id}, which is not waiting for an answer`);
    }
  }

  #init(message: InitMessage): void {
    if (this.#engine !== undefined) this.#violation('the host sent "init" twice');
    const { options } = message;
    this.#codec.peerMaxFrameLength = options.maxFrameLength;
    const callbacks: Record<string, LuaCallback> = {};
    for (const name of options.callbacks) {
      // Define semantics: a callback named `__proto__` is an own property like any other.
      Object.defineProperty(callbacks, name, { value: (...args: LuaValue[]) => this.#callHost(name, args), enumerable: true });
    }
    try {
      this.#engine = new LuaEngine(engineOptionsFor(options, callbacks, (text) => this.#send({ type: 'print', data: text })));
    } catch (error) {
      this.#send(errorReply(message.id, error, this.#callbackIds));
      return;
    }
    this.#maxCallbackDepth = options.maxCallbackDepth;
    this.#send({ type: 'ready', id: message.id, limits: enforcedLimits(options) });
  }

  #serve(request: Exclude<HostRequest, InitMessage>): void {
    const engine = this.#engine ?? this.#violation(`the host sent "${request.type}" before "init"`);
    let reply: OutgoingWorkerMessage;
    try {
      reply = this.#run(engine, request);
    } catch (error) {
      reply = errorReply(request.id, error, this.#callbackIds);
    }
    try {
      this.#send(reply);
    } catch (error) {
      // The result cannot be sent (it exceeds the host's frame limit): the request fails instead.
      this.#send(errorReply(request.id, error, this.#callbackIds));
    }
  }

  #run(engine: LuaEngine, request: Exclude<HostRequest, InitMessage>): OutgoingWorkerMessage {
    const { id } = request;
    switch (request.type) {
      case 'execute': {
        const options = {
          chunkName: request.chunkName,
          instructionLimit: requestBudget(request.instructionLimit),
          results: 'all',
        } as const;
        return { type: 'result', id, values: engine.execute(request.code, options) };
      }
      case 'call': {
        const options = { instructionLimit: requestBudget(request.instructionLimit), results: 'all' } as const;
        return { type: 'result', id, values: engine.callWith(request.name, request.args as LuaValue[], options) };
      }
      case 'exists':
        return { type: 'result', id, values: [engine.functionExists(request.name)] };
      case 'getGlobal':
        return { type: 'result', id, values: [engine.getGlobal(request.name)] };
      case 'setGlobal':
        engine.setGlobal(request.name, request.value as LuaValue);
        return { type: 'result', id, values: [] };
      case 'stats':
        return {
          type: 'stats',
          id,
          memory: engine.memoryUsage(),
          memoryPeak: engine.memoryPeak(),
          instructions: engine.instructionsUsed(),
        };
    }
  }

  /**
   * A host callback, as Lua calls it: sends `callback` and blocks until its answer, serving the
   * requests the host nests meanwhile. A `callbackError` is thrown as an Error remembered under
   * the callback's id, so that a request failing with it can name the callback.
   */
  #callHost(name: string, args: LuaValue[]): LuaValue {
    const depth = this.#callbackDepth + 1;
    if (depth > this.#maxCallbackDepth) throw new Error(`host callbacks nest deeper than maxCallbackDepth (${this.#maxCallbackDepth})`);
    const id = this.#nextCallbackId;
    this.#nextCallbackId = id === MAX_REQUEST_ID ? 1 : id + 1;
    this.#send({ type: 'callback', id, name, args: args as LuaWireValue[], depth });
    this.#callbackDepth = depth;
    try {
      for (;;) {
        const message = this.#receive();
        if (message.type !== 'callbackResult' && message.type !== 'callbackError') {
          this.#handle(message);
          continue;
        }
        if (message.id !== id) this.#violation(`the host answered callback ${message.id} while callback ${id} waits for its answer`);
        if (message.type === 'callbackResult') return message.value as LuaValue;
        const failure = new Error(message.message);
        this.#callbackIds.set(failure, id);
        throw failure;
      }
    } finally {
      this.#callbackDepth = depth - 1;
    }
  }

  /** The next message; exits at the end of input, on a read failure, or on a malformed frame. */
  #receive(): HostMessage {
    let frame: Uint8Array | undefined;
    try {
      frame = this.#transport.receive();
    } catch (error) {
      if (ProtocolError.isInstance(error)) this.#violation(error.message);
      return this.#options.exit(EXIT_STATUS.done, `the channel to the host failed: ${(error as Error).message}`);
    }
    if (frame === undefined) return this.#options.exit(EXIT_STATUS.done);
    try {
      return this.#codec.decode(frame);
    } catch (error) {
      return this.#violation((error as Error).message);
    }
  }

  /**
   * Encodes and sends one message.
   * @throws ConversionError when the message cannot be encoded (a value the host's frame limit
   * cannot carry). A channel that fails to write means the host is gone: the worker exits.
   */
  #send(message: OutgoingWorkerMessage): void {
    const frame = this.#codec.encode(message);
    try {
      this.#transport.send(frame);
    } catch (error) {
      this.#options.exit(EXIT_STATUS.done, `the host is gone: ${(error as Error).message}`);
    }
  }

  #violation(reason: string): never {
    return this.#options.exit(EXIT_STATUS.hostViolation, `protocol violation by the host: ${reason}`);
  }
}
