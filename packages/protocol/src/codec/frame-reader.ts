import { FRAME_HEADER_LENGTH } from '../constants.js';
import { ProtocolError } from '../errors/errors.js';
import { checkAnnouncedLength, readFrameLength, resolveMaxFrameLength } from './frame-length.js';

export interface FrameReaderOptions {
  /**
   * Largest frame body accepted, in bytes (the 4-byte prefix not counted). A prefix announcing
   * more is rejected from its four bytes alone, before anything is allocated for the body.
   * Default 64 MiB; from 256 to 2^31 - 1.
   */
  maxFrameLength?: number;
}

/**
 * Splits a byte stream into frames. Feed it chunks as they arrive; it returns each whole frame
 * (length prefix included) as soon as its last byte is in. A frame inside one chunk is returned
 * as a view of that chunk, without copying; a frame spread over chunks is copied once, when
 * complete, into a buffer of its exact size.
 *
 * It keeps views of the chunks it is given: do not modify a chunk after pushing it. After it
 * throws, the stream has lost its framing and the reader refuses further input.
 */
export class FrameReader {
  readonly maxFrameLength: number;
  /** Pieces of the incomplete frame at the end of the input so far. */
  private pieces: Uint8Array[] = [];
  private pieceBytes = 0;
  /** Total length of the incomplete frame once its prefix is known, else -1. */
  private expected = -1;
  private failure: ProtocolError | undefined;

  constructor(options: FrameReaderOptions = {}) {
    this.maxFrameLength = resolveMaxFrameLength(options.maxFrameLength);
  }

  /** Bytes held for a frame that is not complete yet. */
  get pendingBytes(): number {
    return this.pieceBytes;
  }

  /**
   * Adds a chunk and returns the frames it completes, in order (often none or one).
   * @throws ProtocolError as soon as a length prefix announces an empty body or more than
   * `maxFrameLength`.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failure !== undefined) throw this.failure;
    try {
      return this.split(chunk);
    } catch (error) {
      this.failure = error as ProtocolError;
      this.pieces = [];
      this.pieceBytes = 0;
      throw error;
    }
  }

  /**
   * Declares the end of the input.
   * @throws ProtocolError when the input ended in the middle of a frame.
   */
  end(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.pieceBytes > 0) {
      this.failure = new ProtocolError(`the stream ended in the middle of a frame (${this.pieceBytes} bytes of it received)`);
      throw this.failure;
    }
  }

  private split(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let offset = 0;
    if (this.pieceBytes > 0) {
      offset = this.completePending(chunk, frames);
      if (offset < 0) return frames;
    }
    while (offset < chunk.length) {
      const available = chunk.length - offset;
      if (available < FRAME_HEADER_LENGTH) {
        this.hold(chunk.subarray(offset));
        break;
      }
      const total = FRAME_HEADER_LENGTH + this.announced(chunk, offset);
      if (available < total) {
        this.expected = total;
        this.hold(chunk.subarray(offset));
        break;
      }
      frames.push(chunk.subarray(offset, offset + total));
      offset += total;
    }
    return frames;
  }

  /**
   * Continues the incomplete frame with `chunk`. Returns where the rest of the chunk starts,
   * or -1 when the whole chunk was taken and the frame is still incomplete.
   */
  private completePending(chunk: Uint8Array, frames: Uint8Array[]): number {
    if (this.expected < 0) {
      if (this.pieceBytes + chunk.length < FRAME_HEADER_LENGTH) {
        this.hold(chunk);
        return -1;
      }
      const header = new Uint8Array(FRAME_HEADER_LENGTH);
      let filled = 0;
      for (const piece of this.pieces) {
        header.set(piece.subarray(0, FRAME_HEADER_LENGTH - filled), filled);
        filled += Math.min(piece.length, FRAME_HEADER_LENGTH - filled);
      }
      header.set(chunk.subarray(0, FRAME_HEADER_LENGTH - filled), filled);
      this.expected = FRAME_HEADER_LENGTH + this.announced(header, 0);
    }
    const missing = this.expected - this.pieceBytes;
    if (chunk.length < missing) {
      this.hold(chunk);
      return -1;
    }
    const frame = Buffer.allocUnsafe(this.expected);
    let position = 0;
    for (const piece of this.pieces) {
      frame.set(piece, position);
      position += piece.length;
    }
    frame.set(chunk.subarray(0, missing), position);
    frames.push(frame);
    this.pieces = [];
    this.pieceBytes = 0;
    this.expected = -1;
    return missing;
  }

  private announced(bytes: Uint8Array, offset: number): number {
    const length = readFrameLength(bytes, offset);
    checkAnnouncedLength(length, this.maxFrameLength);
    return length;
  }

  private hold(piece: Uint8Array): void {
    this.pieces.push(piece);
    this.pieceBytes += piece.length;
  }
}
