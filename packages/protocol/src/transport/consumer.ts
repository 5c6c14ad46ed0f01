import type { FrameReader } from '../codec/frame-reader.js';
import type { TransportHandlers } from './transport.js';

/**
 * The one consumer of a transport: hands it frames and reports the close exactly once, on a
 * later microtask so that no handler runs inside the caller's `start`, `send` or `close`.
 */
export class Consumer {
  #handlers: TransportHandlers | undefined;
  #close: { error: Error | undefined } | undefined;
  #reported = false;

  get started(): boolean {
    return this.#handlers !== undefined;
  }

  /** True once `close` has been called: no frame is delivered after that. */
  get closing(): boolean {
    return this.#close !== undefined;
  }

  start(handlers: TransportHandlers): void {
    if (this.#handlers !== undefined) throw new TypeError('a transport is started once');
    if (typeof handlers?.onFrame !== 'function' || typeof handlers.onClose !== 'function') {
      throw new TypeError('transport handlers need onFrame and onClose functions');
    }
    this.#handlers = handlers;
    if (this.#close !== undefined) this.#scheduleReport();
  }

  /**
   * Delivers one frame. Returns the error the handler threw, if it threw, so the transport can
   * close with it.
   */
  deliver(frame: Uint8Array): Error | undefined {
    if (this.#close !== undefined) return undefined;
    try {
      this.#handlers!.onFrame(frame);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /**
   * Splits `chunk` into frames with `reader` and delivers them, stopping once the transport
   * closes. Returns the error to close the transport with: the framing broke, or a handler threw.
   */
  deliverChunk(reader: FrameReader, chunk: Uint8Array): Error | undefined {
    let frames: Uint8Array[];
    try {
      frames = reader.push(chunk);
    } catch (error) {
      return error as Error;
    }
    for (const frame of frames) {
      const thrown = this.deliver(frame);
      if (thrown !== undefined) return thrown;
      if (this.closing) return undefined;
    }
    return undefined;
  }

  /** Records the close (the first reason wins) and reports it once the consumer is started. */
  close(error?: Error): void {
    if (this.#close !== undefined) return;
    this.#close = { error };
    if (this.#handlers !== undefined) this.#scheduleReport();
  }

  #scheduleReport(): void {
    queueMicrotask(() => {
      if (this.#reported) return;
      this.#reported = true;
      this.#handlers!.onClose(this.#close!.error);
    });
  }
}
