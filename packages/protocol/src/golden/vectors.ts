import {
  DEFAULT_MAX_FRAME_LENGTH,
  FRAME_HEADER_LENGTH,
  MAX_MAX_FRAME_LENGTH,
  MAX_NESTING_DEPTH,
  MAX_REQUEST_ID,
  MAX_VALUE_DEPTH,
  MIN_MAX_FRAME_LENGTH,
  PROTOCOL_VERSION,
} from '../constants.js';
import { LIMITS, limitsIn, maxOf } from '../limits/table.js';
import { createPackr, HostCodec, WorkerCodec } from '../codec/message-codec.js';
import { writeFrameLength } from '../codec/frame-length.js';
import type { OutgoingHostMessage, OutgoingWorkerMessage } from '../messages/types.js';
import { prepareValue } from '../values/prepare.js';
import { inputFromJson, type JsonWireValue } from './json-value.js';

/**
 * One golden vector: a frame (golden/NAME.bin) and what it means. Exactly one of `message`
 * (for a canonical valid frame), `body`, `value` or `frame` says where the bytes come from.
 */
export interface GoldenVector {
  /** File name without `.bin`. */
  name: string;
  /** The side that sends the frame; the other side decodes it. */
  from: 'host' | 'worker';
  /** Whether the receiver accepts the frame (else it must reject it with a ProtocolError). */
  valid: boolean;
  /** What a valid frame decodes to. For a vector with only `message`, the encoder writes exactly this frame. */
  message?: JsonWireValue;
  /** Why an invalid frame is rejected. */
  reason?: string;
  /** The body in hex (spaces allowed); the frame is its length prefix and the body. */
  body?: string;
  /** A body described as a value, written as MessagePack without any message checks. */
  value?: JsonWireValue;
  /** The whole frame in hex (spaces allowed), length prefix included. */
  frame?: string;
}

export interface GoldenFile {
  vectors: GoldenVector[];
}

/** Builds the frame of a vector from its description. */
export function frameForVector(vector: GoldenVector): Uint8Array {
  const sources = [vector.body, vector.value, vector.frame].filter((source) => source !== undefined).length;
  if (sources > 1) throw new TypeError(`${vector.name}: give at most one of body, value and frame`);
  if (vector.valid ? vector.message === undefined : vector.message !== undefined) {
    throw new TypeError(`${vector.name}: a valid vector has a message, an invalid one has none`);
  }
  if (!vector.valid && (sources === 0 || typeof vector.reason !== 'string'))
    throw new TypeError(`${vector.name}: an invalid vector needs its bytes and a reason`);
  if (vector.frame !== undefined) return fromHex(vector.frame);
  if (vector.body !== undefined) return framed(fromHex(vector.body));
  if (vector.value !== undefined) return framed(createPackr().pack(prepareValue(inputFromJson(vector.value), 0, 'value')));
  const message: unknown = inputFromJson(vector.message!);
  return vector.from === 'host'
    ? new HostCodec().encode(message as OutgoingHostMessage)
    : new WorkerCodec().encode(message as OutgoingWorkerMessage);
}

function fromHex(hex: string): Uint8Array {
  const digits = hex.replace(/\s+/g, '');
  if (!/^([0-9a-f]{2})*$/.test(digits)) throw new TypeError(`not lowercase hex: ${hex.slice(0, 40)}`);
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

function framed(body: Uint8Array): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_LENGTH + body.length);
  writeFrameLength(frame, body.length);
  frame.set(body, FRAME_HEADER_LENGTH);
  return frame;
}

/**
 * The protocol's constants, as golden/constants.json holds them for other implementations to
 * check theirs against (native/test/golden_test.cpp checks native/src/worker/protocol.hpp).
 * Written by scripts/golden.mjs; the test suite checks that the file is what this returns.
 */
export function goldenConstants(): Record<string, unknown> {
  return {
    about:
      "The wire protocol's constants (docs/protocol.md), written from packages/protocol/src/constants.ts and src/limits/table.ts by scripts/golden.mjs. 'limits' are the limits of init.options and ready.limits in their order: each an integer from min to max, or nil when unlimited is true.",
    protocolVersion: PROTOCOL_VERSION,
    frameHeaderLength: FRAME_HEADER_LENGTH,
    minMaxFrameLength: MIN_MAX_FRAME_LENGTH,
    maxMaxFrameLength: MAX_MAX_FRAME_LENGTH,
    defaultMaxFrameLength: DEFAULT_MAX_FRAME_LENGTH,
    maxNestingDepth: MAX_NESTING_DEPTH,
    maxValueDepth: MAX_VALUE_DEPTH,
    maxRequestId: MAX_REQUEST_ID,
    limits: limitsIn('wire').map((name) => ({ name, min: LIMITS[name].min, max: maxOf(name, 'wire'), unlimited: LIMITS[name].unlimited })),
  };
}
