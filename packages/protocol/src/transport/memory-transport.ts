import { ClosedError } from '../errors/errors.js';
import { FrameReader, type FrameReaderOptions } from '../codec/frame-reader.js';
import { Consumer } from './consumer.js';
import type { Transport, TransportHandlers } from './transport.js';

export type MemoryTransportOptions = FrameReaderOptions;

/**
 * One end of an in-memory channel. Frames are copied and delivered on a later turn of the event
 * loop, through the same framing checks as a stream, so code under test sees what it would see
 * over a pipe.
 */
class MemoryTransport implements Transport {
  #peer!: MemoryTransport;
  readonly #reader: FrameReader;
  readonly #consumer = new Consumer();
  /** Bytes received before start(), or while a delivery is scheduled. */
  readonly #inbox: Uint8Array[] = [];
  #scheduled = false;
  /** The peer closed: after the inbox drains, this end closes too. */
  #peerEnded = false;
  #closed = false;

  constructor(options: MemoryTransportOptions) {
    this.#reader = new FrameReader(options);
  }

  static pair(options: MemoryTransportOptions): [MemoryTransport, MemoryTransport] {
    const a = new MemoryTransport(options);
    const b = new MemoryTransport(options);
    a.#peer = b;
    b.#peer = a;
    return [a, b];
  }

  get closed(): boolean {
    return this.#closed;
  }

  start(handlers: TransportHandlers): void {
    this.#consumer.start(handlers);
    this.#schedule();
  }

  send(frame: Uint8Array): void {
    if (this.#closed) throw new ClosedError('the transport is closed');
    this.#peer.#receive(Uint8Array.prototype.slice.call(frame));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#consumer.close();
    this.#peer.#peerClosed();
  }

  #receive(bytes: Uint8Array): void {
    if (this.#closed) return;
    this.#inbox.push(bytes);
    this.#schedule();
  }

  #peerClosed(): void {
    this.#peerEnded = true;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled || !this.#consumer.started) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#drain();
    });
  }

  #drain(): void {
    while (this.#inbox.length > 0 && !this.#closed) {
      const failure = this.#consumer.deliverChunk(this.#reader, this.#inbox.shift()!);
      if (failure !== undefined) {
        this.#fail(failure);
        return;
      }
    }
    if (this.#peerEnded && !this.#closed) {
      try {
        this.#reader.end();
      } catch (error) {
        this.#fail(error as Error);
        return;
      }
      this.close();
    }
  }

  #fail(error: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#inbox.length = 0;
    this.#consumer.close(error);
    this.#peer.#peerClosed();
  }
}

/**
 * Two connected in-memory transports, for tests and for running a host and a worker in one
 * process: what one end sends, the other receives.
 */
export function createMemoryTransportPair(options: MemoryTransportOptions = {}): [Transport, Transport] {
  return MemoryTransport.pair(options);
}
