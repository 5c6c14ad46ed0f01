import { closeSync, readSync, writeSync } from 'node:fs';
import { ClosedError } from '../errors/errors.js';
import { FrameReader, type FrameReaderOptions } from '../codec/frame-reader.js';
import type { BlockingTransport } from './transport.js';

export interface FdTransportOptions extends FrameReaderOptions {
  /** File descriptor frames are read from. Default 0 (standard input). */
  readFd?: number;
  /** File descriptor frames are written to. Default 1 (standard output). */
  writeFd?: number;
  /**
   * Close both descriptors when the transport closes. Default false: descriptors 0 and 1 are
   * better left open until the process exits, since a later `open()` would reuse their numbers.
   */
  closeFds?: boolean;
  /** Bytes asked for per read, 1 to 16 MiB. Default 64 KiB. */
  readSize?: number;
}

/** Shortest and longest sleeps while a non-blocking descriptor has nothing to give or take. */
const MIN_WAIT_MS = 0.05;
const MAX_WAIT_MS = 10;
const MAX_READ_SIZE = 16 * 1024 * 1024;

/**
 * A BlockingTransport over raw file descriptors, with synchronous `fs.readSync`/`fs.writeSync`:
 * the worker side of a worker written in JavaScript, which must block on its input while a Lua
 * call waits for a callback reply.
 *
 * A descriptor may be non-blocking (for example a pipe someone set O_NONBLOCK on, or stdin once
 * `process.stdin` has been touched): EAGAIN is then waited out with short sleeps, growing from
 * 0.05 ms to 10 ms while nothing moves. Nothing else may read the input descriptor or write the
 * output one: in a worker, `console.log` must go elsewhere (standard error), or it corrupts the
 * frames.
 */
export class FdTransport implements BlockingTransport {
  readonly #readFd: number;
  readonly #writeFd: number;
  readonly #closeFds: boolean;
  readonly #reader: FrameReader;
  readonly #scratch: Buffer;
  /** Frames read but not yet returned (one read may bring several). */
  readonly #frames: Uint8Array[] = [];
  readonly #sleeper = new Int32Array(new SharedArrayBuffer(4));
  #ended = false;
  #closed = false;

  /** @throws TypeError or RangeError for an invalid option, naming it. */
  constructor(options: FdTransportOptions = {}) {
    this.#readFd = checkFd(options.readFd ?? 0, 'readFd');
    this.#writeFd = checkFd(options.writeFd ?? 1, 'writeFd');
    this.#closeFds = options.closeFds ?? false;
    const readSize = options.readSize ?? 64 * 1024;
    if (!Number.isInteger(readSize) || readSize < 1 || readSize > MAX_READ_SIZE) {
      throw new RangeError(`readSize must be an integer number of bytes from 1 to ${MAX_READ_SIZE}, got ${readSize}`);
    }
    this.#reader = new FrameReader(options);
    this.#scratch = Buffer.allocUnsafeSlow(readSize);
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(frame: Uint8Array): void {
    if (this.#closed) throw new ClosedError('the transport is closed');
    let offset = 0;
    let wait = MIN_WAIT_MS;
    while (offset < frame.length) {
      try {
        offset += writeSync(this.#writeFd, frame, offset, frame.length - offset);
        wait = MIN_WAIT_MS;
      } catch (error) {
        wait = this.#waitOrFail(error, wait, 'writing');
      }
    }
  }

  receive(): Uint8Array | undefined {
    for (;;) {
      const frame = this.#frames.shift();
      if (frame !== undefined) return frame;
      if (this.#closed) throw new ClosedError('the transport is closed');
      if (this.#ended) return undefined;
      this.#readOnce();
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#frames.length = 0;
    if (!this.#closeFds) return;
    for (const fd of new Set([this.#readFd, this.#writeFd])) {
      try {
        closeSync(fd);
      } catch {
        // Already closed by the other side of a shared descriptor, or never valid: nothing to release.
      }
    }
  }

  /** Reads what is available (blocking until something is) and queues the frames it completes. */
  #readOnce(): void {
    let wait = MIN_WAIT_MS;
    for (;;) {
      let count: number;
      try {
        count = readSync(this.#readFd, this.#scratch, 0, this.#scratch.length, null);
      } catch (error) {
        wait = this.#waitOrFail(error, wait, 'reading');
        continue;
      }
      try {
        if (count === 0) {
          this.#reader.end();
          this.#ended = true;
        } else {
          // The reader keeps views of what it is given, and the scratch buffer is reused.
          this.#frames.push(...this.#reader.push(Buffer.from(this.#scratch.subarray(0, count))));
        }
      } catch (error) {
        this.close();
        throw error;
      }
      return;
    }
  }

  /** Sleeps out EAGAIN (returning the next, longer wait), retries EINTR, and fails on anything else. */
  #waitOrFail(error: unknown, wait: number, doing: string): number {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'EINTR') return wait;
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
      Atomics.wait(this.#sleeper, 0, 0, wait);
      return Math.min(wait * 2, MAX_WAIT_MS);
    }
    this.close();
    throw new ClosedError(`the transport failed while ${doing}: ${(error as Error)?.message}`, { cause: error });
  }
}

function checkFd(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a file descriptor (an integer of at least 0), got ${value}`);
  return value;
}
