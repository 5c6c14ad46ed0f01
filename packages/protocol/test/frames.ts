// Builds frames byte by byte for tests, without the encoder's message checks.
import { createPackr } from '../src/codec/message-codec.js';
import { writeFrameLength } from '../src/codec/frame-length.js';
import { prepareValue } from '../src/values/prepare.js';

/** A frame whose body is `hex` (spaces allowed), with a correct length prefix. */
export function frameOfBody(hex: string): Uint8Array {
  return framed(Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex')));
}

/** A frame whose body is `value` written as MessagePack, whatever it means as a message. */
export function frameOfValue(value: unknown): Uint8Array {
  return framed(createPackr().pack(prepareValue(value, 0, 'value')));
}

export function framed(body: Uint8Array): Uint8Array {
  const frame = new Uint8Array(4 + body.length);
  writeFrameLength(frame, body.length);
  frame.set(body, 4);
  return frame;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
