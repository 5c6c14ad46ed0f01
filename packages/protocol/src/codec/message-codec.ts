import { Packr, RESERVE_START_SPACE, Unpackr } from 'msgpackr';
import { FRAME_HEADER_LENGTH } from '../constants.js';
import { ConversionError, ProtocolError } from '../errors/errors.js';
import type { HostMessage, OutgoingHostMessage, OutgoingWorkerMessage, WorkerMessage } from '../messages/types.js';
import { FieldChecker, type MessageRules } from '../messages/field-checker.js';
import { HOST_MESSAGE_RULES, WORKER_MESSAGE_RULES } from '../messages/rules.js';
import { buildOutgoing, checkIncoming } from '../messages/validate.js';
import { normalizeDecoded } from '../values/normalize.js';
import { checkAnnouncedLength, readFrameLength, resolveMaxFrameLength, writeFrameLength } from './frame-length.js';
import { FrameScanner } from './frame-scanner.js';
import { registerNumberExtensions } from './number-extensions.js';

export interface CodecOptions {
  /**
   * Largest frame body this side accepts, in bytes (the 4-byte prefix not counted). Default
   * 64 MiB; from 256 to 2^31 - 1. Tell the peer: a host sends it in `init.options`, a worker in
   * `hello`.
   */
  maxFrameLength?: number;
  /**
   * Largest frame body the peer accepts, in bytes: `encode` refuses to produce a longer frame.
   * Default 64 MiB. Set it (or the `peerMaxFrameLength` property) from the handshake.
   */
  peerMaxFrameLength?: number;
}

/**
 * Frames produced at or above this size make the codec hand msgpackr a fresh small buffer, so
 * that one very large message does not leave a buffer several times its size behind for every
 * later one. (Below it, msgpackr keeps growing and reusing its buffer, which is fastest.)
 */
const LARGE_FRAME = 8 * 1024 * 1024;
const FRESH_BUFFER_SIZE = 64 * 1024;

type Side = 'host' | 'worker';

/**
 * A Packr writing plain MessagePack: no records, no shared structures, shortest map headers, nil
 * for undefined, floats as float 64. Extension types never appear, since the value walk lets
 * none of their classes through.
 */
export function createPackr(): Packr {
  registerNumberExtensions();
  return new Packr({ useRecords: false, variableMapSize: true, encodeUndefinedAsNil: true, useFloat32: 0 });
}

/**
 * Encodes and decodes the messages of one connection: `encode` turns an outgoing message into
 * a whole frame (length prefix included), `decode` turns a received frame into a checked
 * message. Use one codec per connection and per side ({@link HostCodec} or {@link WorkerCodec}).
 *
 * Decoding treats every byte as hostile. Whatever is wrong with a frame, `decode` throws a
 * ProtocolError and nothing else; a frame it accepts is a well-typed message.
 */
export abstract class MessageCodec<Outgoing, Incoming> {
  /** Largest frame body this side accepts, in bytes. */
  readonly maxFrameLength: number;
  readonly #sender: Side;
  readonly #peer: Side;
  readonly #outgoing: ReadonlyMap<string, MessageRules>;
  readonly #incoming: ReadonlyMap<string, MessageRules>;
  readonly #outgoingChecker: FieldChecker;
  readonly #incomingChecker: FieldChecker;
  readonly #packr: Packr;
  readonly #unpackr: Unpackr & { mapsAsObjects: boolean };
  readonly #scanner = new FrameScanner();
  /** The body's bounds for msgpackr, reused: it reads them synchronously. */
  readonly #bounds = { start: FRAME_HEADER_LENGTH, end: 0 };
  #peerMaxFrameLength: number;

  protected constructor(side: Side, options: CodecOptions = {}) {
    this.maxFrameLength = resolveMaxFrameLength(options.maxFrameLength);
    this.#peerMaxFrameLength = resolveMaxFrameLength(options.peerMaxFrameLength, 'peerMaxFrameLength');
    this.#sender = side;
    this.#peer = side === 'host' ? 'worker' : 'host';
    this.#outgoing = side === 'host' ? HOST_MESSAGE_RULES : WORKER_MESSAGE_RULES;
    this.#incoming = side === 'host' ? WORKER_MESSAGE_RULES : HOST_MESSAGE_RULES;
    this.#outgoingChecker = new FieldChecker(side, true);
    this.#incomingChecker = new FieldChecker(this.#peer, false);
    this.#packr = createPackr();
    // Bins are copied out of the frame, so a decoded value never pins a large receive buffer.
    // Maps decode as objects unless the scan says a frame needs Maps.
    this.#unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, copyBuffers: true, int64AsType: 'bigint' }) as Unpackr & {
      mapsAsObjects: boolean;
    };
  }

  /** Largest frame body the peer accepts, in bytes; `encode` refuses longer frames. */
  get peerMaxFrameLength(): number {
    return this.#peerMaxFrameLength;
  }

  set peerMaxFrameLength(value: number) {
    this.#peerMaxFrameLength = resolveMaxFrameLength(value, 'peerMaxFrameLength');
  }

  /**
   * Encodes one message as a whole frame: the 4-byte big-endian body length, then the body.
   * Fields are written in the message object's key order (give them in the order of
   * docs/protocol.md for canonical frames), integers in their shortest MessagePack form, floats
   * as float 64. The message and its values are not modified.
   *
   * @throws ProtocolError when the message itself breaks the protocol (unknown type, missing or
   * ill-typed field); ConversionError when a value cannot be sent (with the path to it) or the
   * frame would exceed `peerMaxFrameLength`.
   */
  encode(message: Outgoing): Uint8Array {
    const body = buildOutgoing(message, this.#outgoing, this.#outgoingChecker);
    let frame: Uint8Array;
    try {
      frame = this.#packr.pack(body, RESERVE_START_SPACE | FRAME_HEADER_LENGTH);
    } catch (error) {
      throw new ConversionError(`the ${this.#sender} message "${String(body.type)}" could not be encoded: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const length = frame.length - FRAME_HEADER_LENGTH;
    if (frame.length >= LARGE_FRAME) this.#packr.useBuffer(Buffer.allocUnsafeSlow(FRESH_BUFFER_SIZE));
    if (length > this.#peerMaxFrameLength) {
      throw new ConversionError(
        `the ${this.#sender} message "${String(body.type)}" is ${length} bytes, more than the ${this.#peer} accepts (maxFrameLength ${this.#peerMaxFrameLength} bytes)`,
      );
    }
    writeFrameLength(frame, length);
    return frame;
  }

  /**
   * Decodes one whole frame (length prefix included), as a Transport delivers it.
   * @throws ProtocolError for anything wrong with the frame, and only ProtocolError.
   */
  decode(frame: Uint8Array): Incoming {
    if (frame.length < FRAME_HEADER_LENGTH) throw new ProtocolError(`a frame of ${frame.length} bytes is shorter than its length prefix`);
    const length = readFrameLength(frame, 0);
    checkAnnouncedLength(length, this.maxFrameLength);
    if (length !== frame.length - FRAME_HEADER_LENGTH) {
      throw new ProtocolError(`a frame announces a body of ${length} bytes but holds ${frame.length - FRAME_HEADER_LENGTH}`);
    }
    const scanner = this.#scanner;
    scanner.scan(frame, FRAME_HEADER_LENGTH, frame.length);
    // msgpackr copies a bin with the source's own slice, so the source's class decides what a bin
    // decodes to: a plain Uint8Array view makes it a Uint8Array rather than a Node Buffer. Other
    // frames go in as Buffers, on which msgpackr reads short strings faster.
    const source = scanner.hasBin || !Buffer.isBuffer(frame) ? plainView(frame) : frame;
    let body = scanner.needsMaps ? this.#unpackAsMaps(source) : this.#unpack(source);
    if (scanner.needsMaps || scanner.hasInt64) body = normalizeDecoded(body);
    return checkIncoming(body, this.#incoming, this.#incomingChecker, scanner) as Incoming;
  }

  #unpack(source: Uint8Array): unknown {
    try {
      this.#bounds.end = source.length;
      return this.#unpackr.unpack(source, this.#bounds);
    } catch (error) {
      // The scan admits only plain MessagePack that msgpackr reads; this is a safety net.
      throw new ProtocolError(`the frame body could not be decoded: ${(error as Error)?.message}`, { cause: error });
    }
  }

  /** Decodes every map as a Map, for frames whose maps cannot all be plain objects. */
  #unpackAsMaps(source: Uint8Array): unknown {
    this.#unpackr.mapsAsObjects = false;
    try {
      return this.#unpack(source);
    } finally {
      this.#unpackr.mapsAsObjects = true;
    }
  }
}

function plainView(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The host's codec: encodes host messages, decodes worker messages. */
export class HostCodec extends MessageCodec<OutgoingHostMessage, WorkerMessage> {
  constructor(options?: CodecOptions) {
    super('host', options);
  }
}

/** A worker's codec: encodes worker messages, decodes host messages. */
export class WorkerCodec extends MessageCodec<OutgoingWorkerMessage, HostMessage> {
  constructor(options?: CodecOptions) {
    super('worker', options);
  }
}
