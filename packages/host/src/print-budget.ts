import { ProtocolError } from '@luaward/protocol';

/**
 * The print output the running top-level request and the requests nested in it may send under
 * the worker's `outputLimit`: `outputLimit` bytes for each of them, in total. That is what a
 * worker that honours the limit can send, however it counts nested requests. A worker runs one
 * top-level request at a time, so one budget serves a worker for its life.
 */
export class PrintBudget {
  /** Bytes printed since the top-level request started: a lower bound, see `charge`. */
  #printed = 0;
  #allowed = 0;

  /** @param outputLimit the worker's limit, in bytes per request. */
  constructor(readonly outputLimit: number) {}

  /** A top-level request was sent: it may print `outputLimit` bytes. */
  startTopLevel(): void {
    this.#printed = 0;
    this.#allowed = this.outputLimit;
  }

  /** A request nested in the running one was sent: the tree may print `outputLimit` bytes more. */
  startNested(): void {
    this.#allowed += this.outputLimit;
  }

  /**
   * Counts one printed line: a lower bound of the bytes the script printed (a string's UTF-16
   * length never exceeds its UTF-8 length, nor the bytes a worker replaced by U+FFFD), plus
   * the newline.
   * @throws ProtocolError once the tree has printed more than it may.
   */
  charge(data: string | Uint8Array): void {
    this.#printed += data.length + 1;
    if (this.#printed > this.#allowed) {
      throw new ProtocolError(
        `the worker printed ${this.#printed} bytes during one request, more than its outputLimit (${this.outputLimit} bytes per request) allows`,
      );
    }
  }
}
