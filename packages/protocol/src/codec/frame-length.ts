import { DEFAULT_MAX_FRAME_LENGTH, MAX_MAX_FRAME_LENGTH, MIN_MAX_FRAME_LENGTH } from '../constants.js';
import { ProtocolError } from '../errors/errors.js';

/**
 * Validates a `maxFrameLength` option and fills in the default.
 * @throws TypeError or RangeError naming the option.
 */
export function resolveMaxFrameLength(value: number | undefined, name = 'maxFrameLength'): number {
  if (value === undefined) return DEFAULT_MAX_FRAME_LENGTH;
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number of bytes, got ${typeof value}`);
  if (!Number.isInteger(value) || value < MIN_MAX_FRAME_LENGTH || value > MAX_MAX_FRAME_LENGTH) {
    throw new RangeError(
      `${name} must be an integer number of bytes from ${MIN_MAX_FRAME_LENGTH} to ${MAX_MAX_FRAME_LENGTH}, got ${value}`,
    );
  }
  return value;
}

/** Reads the big-endian body length at the start of a frame. */
export function readFrameLength(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! * 0x1000000 + ((bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!);
}

/** Writes the big-endian body length into the first four bytes of `frame`. */
export function writeFrameLength(frame: Uint8Array, length: number): void {
  frame[0] = length >>> 24;
  frame[1] = (length >>> 16) & 0xff;
  frame[2] = (length >>> 8) & 0xff;
  frame[3] = length & 0xff;
}

/**
 * Checks a length prefix as soon as its four bytes are known, before anything is allocated or
 * read for the body.
 * @throws ProtocolError for an empty body or one longer than `maxFrameLength`.
 */
export function checkAnnouncedLength(length: number, maxFrameLength: number): void {
  if (length === 0) throw new ProtocolError('a frame announces an empty body (a message is never empty)');
  if (length > maxFrameLength) {
    throw new ProtocolError(`a frame announces a body of ${length} bytes, more than maxFrameLength (${maxFrameLength} bytes)`);
  }
}
