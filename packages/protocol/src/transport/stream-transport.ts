import { finished, type Duplex, type Readable, type Writable } from 'node:stream';
import { ClosedError } from '../errors/errors.js';
import { FrameReader, type FrameReaderOptions } from '../codec/frame-reader.js';
import { Consumer } from './consumer.js';
import type { Transport, TransportHandlers } from './transport.js';

export type StreamTransportOptions = FrameReaderOptions;

/** Two one-way streams, such as a child process's stdout (to read) and stdin (to write). */
export interface StreamPair {
  readable: Readable;
  writable: Writable;
}

/**
 * A Transport over Node streams: one duplex (a Unix socket, a TCP socket) or a readable and a
 * writable (a child process's stdio pipes). The streams must carry bytes (no encoding set).
 *
 * Closing ends the writable side after the frames already sent, then destroys the streams; a
 * failure (a stream error, a broken frame) destroys them at once. The transport removes every
 * listener it added once each stream has emitted 'close' (streams created with
 * `emitClose: false` keep an error listener, so that a late error cannot crash the process).
 */
export class StreamTransport implements Transport {
  readonly #readable: Readable;
  readonly #writable: Writable;
  readonly #reader: FrameReader;
  readonly #consumer = new Consumer();
  #closed = false;

  /**
   * @param streams a duplex stream, or `{ readable, writable }`.
   * @throws TypeError when `streams` is neither.
   */
  constructor(streams: Duplex | StreamPair, options: StreamTransportOptions = {}) {
    if (isStream(streams)) {
      this.#readable = streams;
      this.#writable = streams;
    } else if (isStream(streams?.readable) && isStream(streams?.writable)) {
      this.#readable = streams.readable;
      this.#writable = streams.writable;
    } else {
      throw new TypeError('StreamTransport needs a duplex stream or { readable, writable } streams');
    }
    this.#reader = new FrameReader(options);
    // Error and close listeners go on at once: a stream may fail before start().
    this.#readable.on('error', this.#onError);
    this.#readable.on('close', this.#onStreamClose);
    this.#readable.on('end', this.#onEnd);
    if ((this.#writable as unknown) !== this.#readable) {
      this.#writable.on('error', this.#onError);
      this.#writable.on('close', this.#onStreamClose);
    }
    if (this.#readable.destroyed || this.#writable.destroyed) this.#fail(new ClosedError('the stream was already destroyed'));
  }

  get closed(): boolean {
    return this.#closed;
  }

  start(handlers: TransportHandlers): void {
    this.#consumer.start(handlers);
    if (!this.#closed) this.#readable.on('data', this.#onData);
  }

  send(frame: Uint8Array): void {
    if (this.#closed) throw new ClosedError('the transport is closed');
    this.#writable.write(frame);
  }

  close(): void {
    if (this.#closed) return;
    this.#shutDown();
    this.#consumer.close();
    this.#writable.end();
    // Once what was sent is flushed (or the writable fails), nothing more is wanted from the streams.
    const cleanup = finished(this.#writable, { readable: false }, () => {
      cleanup();
      this.#destroyStreams();
    });
  }

  readonly #onData = (chunk: Uint8Array | string): void => {
    if (this.#closed) return;
    if (typeof chunk === 'string') {
      this.#fail(new TypeError('the readable stream delivers strings; it must carry bytes (remove its encoding)'));
      return;
    }
    const failure = this.#consumer.deliverChunk(this.#reader, chunk);
    if (failure !== undefined) this.#fail(failure);
  };

  readonly #onEnd = (): void => {
    if (this.#closed) return;
    try {
      this.#reader.end();
    } catch (error) {
      this.#fail(error as Error);
      return;
    }
    // The peer ended its side between frames: an orderly end. End ours too.
    this.close();
  };

  readonly #onError = (error: Error): void => {
    if (this.#closed) return; // a late EPIPE or reset after closing says nothing new
    this.#fail(new ClosedError(`the transport's stream failed: ${error.message}`, { cause: error }));
  };

  readonly #onStreamClose = (): void => {
    if (!this.#closed) this.#fail(new ClosedError('a stream of the transport closed before the transport did'));
    this.#removeListenersOfClosedStreams();
  };

  #fail(error: Error): void {
    if (this.#closed) return;
    this.#shutDown();
    this.#consumer.close(error);
    this.#destroyStreams();
  }

  /** Stops receiving: no frame is delivered after this. */
  #shutDown(): void {
    this.#closed = true;
    this.#readable.off('data', this.#onData);
    this.#readable.off('end', this.#onEnd);
    this.#readable.pause();
  }

  #destroyStreams(): void {
    this.#readable.destroy();
    this.#writable.destroy();
    this.#removeListenersOfClosedStreams();
  }

  #removeListenersOfClosedStreams(): void {
    if (!this.#closed) return;
    for (const stream of new Set<Readable | Writable>([this.#readable, this.#writable])) {
      if (stream.closed) {
        stream.off('error', this.#onError);
        stream.off('close', this.#onStreamClose);
      }
    }
  }
}

function isStream(value: unknown): value is Duplex {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Readable).pipe === 'function' &&
    typeof (value as Readable).on === 'function'
  );
}
