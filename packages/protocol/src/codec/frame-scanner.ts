import { isUtf8 } from 'node:buffer';
import { MAX_MAX_FRAME_LENGTH, MAX_NESTING_DEPTH } from '../constants.js';
import { ProtocolError } from '../errors/errors.js';

/** Strings shorter than this are checked for UTF-8 in JavaScript; longer ones by Node's isUtf8. */
const SHORT_STRING = 256;

/**
 * Walks a frame body once, without building anything, and rejects what plain MessagePack in
 * this protocol does not allow, before msgpackr sees the bytes:
 * - anything but one map filling the body exactly (trailing bytes, truncation);
 * - extension types (msgpackr would otherwise build Dates, RegExps, records, ...) and 0xc1;
 * - a str whose bytes are not valid UTF-8 (msgpackr would silently replace them);
 * - a container declaring more entries than bytes remain (so no large allocation can follow);
 * - nesting deeper than MAX_NESTING_DEPTH (msgpackr recurses; this loop does not);
 * - a float outside a value field (`args`, `value`, `values`): every other number in a message
 *   is an integer, and JavaScript could not tell a float 1.0 from the integer 1 after decoding.
 *
 * It also records what decoding needs to know: whether int 64s or bins are present, whether some
 * map must be decoded as a Map (a key that is not a string, or a `"__proto__"` key), and entry
 * counts that let validation detect repeated keys in a message.
 *
 * One scanner per codec; its stack is allocated once. The loop is written for speed: it runs on
 * every byte of every frame a host receives.
 */
export class FrameScanner {
  /** The body holds an int 64 or uint 64, which msgpackr decodes as a BigInt. */
  hasInt64 = false;
  /** Some map has a key that is not a string, or a `"__proto__"` key. */
  needsMaps = false;
  /** The body holds a bin. */
  hasBin = false;
  /** Entries of the message map, repeated keys included. */
  messageEntries = 0;
  /** Maps directly inside the message map. */
  nestedMaps = 0;
  /** Entries of the first map directly inside the message map. */
  firstNestedMapEntries = 0;

  /**
   * Items still to read in each open container (a map of n entries holds 2n items), and whether
   * it is a map. An item count fits a signed 32-bit integer: it never exceeds the bytes left in
   * the body, and a body is at most MAX_MAX_FRAME_LENGTH (2^31 - 1) bytes.
   */
  private readonly remaining = new Int32Array(MAX_NESTING_DEPTH + 1);
  private readonly mapLevel = new Uint8Array(MAX_NESTING_DEPTH + 1);

  /** @throws ProtocolError naming the first problem and its byte offset in the body. */
  scan(bytes: Uint8Array, start: number, end: number): void {
    const remaining = this.remaining;
    const mapLevel = this.mapLevel;
    const first = bytes[start];
    if (start >= end || first === undefined) throw new ProtocolError('the frame body is empty');
    if (end - start > MAX_MAX_FRAME_LENGTH) throw new ProtocolError(`a frame body is at most ${MAX_MAX_FRAME_LENGTH} bytes`);
    if (!((first >= 0x80 && first <= 0x8f) || first === 0xde || first === 0xdf)) {
      throw new ProtocolError(`the frame body must be a MessagePack map, found ${describeToken(first)}`);
    }

    let hasInt64 = false;
    let needsMaps = false;
    let hasBin = false;
    let nestedMaps = 0;
    this.messageEntries = 0;
    this.firstNestedMapEntries = 0;

    let p = start;
    // Level 0 is a virtual container holding the one top-level value. The current level's
    // count and kind live in locals; the stack holds those of the levels around it.
    let depth = 0;
    let left = 1;
    let inMap = false;
    // Whether the message-map key just read names a value field, and whether the containers
    // open below the message map belong to one. Only floats need to know (see the float case).
    // A key that is not a str leaves these stale, which is harmless: such a message is rejected.
    let keyIsValueField = false;
    let inValueField = false;

    for (;;) {
      if (left === 0) {
        if (depth === 0) break;
        depth--;
        left = remaining[depth]!;
        inMap = mapLevel[depth] === 1;
        continue;
      }
      const isKey = inMap && (left & 1) === 0;
      left--;
      if (p >= end) throw truncated(p - start);
      const token = bytes[p++]!;

      if (token < 0x80 || token >= 0xe0) {
        // positive / negative fixint
        if (isKey) needsMaps = true;
        continue;
      }

      let length = 0;
      if (token >= 0xa0 && token < 0xc0) {
        length = token & 0x1f; // fixstr, the most common item: handled inline
      } else {
        let count = 0;
        let isMap = false;
        if (token < 0xa0) {
          isMap = token < 0x90;
          count = token & 0x0f;
        } else {
          switch (token) {
            case 0xc0: // nil
            case 0xc2: // false
            case 0xc3: // true
              if (isKey) needsMaps = true;
              continue;
            case 0xc4: // bin 8
            case 0xc5: // bin 16
            case 0xc6: {
              // bin 32
              const size = token === 0xc4 ? 1 : token === 0xc5 ? 2 : 4;
              const bin = readLength(bytes, p, size, end, start);
              p += size;
              if (bin > end - p) throw truncated(p - start);
              p += bin;
              hasBin = true;
              if (isKey) needsMaps = true;
              continue;
            }
            case 0xca: // float 32
            case 0xcb: // float 64
              if (depth === 1 ? isKey || !keyIsValueField : !inValueField)
                throw new ProtocolError(`a float at body offset ${p - 1 - start} is outside a value field; message fields hold integers`);
              p += token === 0xca ? 4 : 8;
              if (p > end) throw truncated(end - start);
              if (isKey) needsMaps = true;
              continue;
            case 0xcc: // uint 8
            case 0xd0: // int 8
              p += 1;
              if (p > end) throw truncated(end - start);
              if (isKey) needsMaps = true;
              continue;
            case 0xcd: // uint 16
            case 0xd1: // int 16
              p += 2;
              if (p > end) throw truncated(end - start);
              if (isKey) needsMaps = true;
              continue;
            case 0xce: // uint 32
            case 0xd2: // int 32
              p += 4;
              if (p > end) throw truncated(end - start);
              if (isKey) needsMaps = true;
              continue;
            case 0xcf: // uint 64
            case 0xd3: // int 64
              p += 8;
              if (p > end) throw truncated(end - start);
              hasInt64 = true;
              if (isKey) needsMaps = true;
              continue;
            case 0xd9: // str 8
              length = readLength(bytes, p, 1, end, start);
              p += 1;
              break;
            case 0xda: // str 16
              length = readLength(bytes, p, 2, end, start);
              p += 2;
              break;
            case 0xdb: // str 32
              length = readLength(bytes, p, 4, end, start);
              p += 4;
              break;
            case 0xdc: // array 16
            case 0xde: // map 16
              isMap = token === 0xde;
              count = readLength(bytes, p, 2, end, start);
              p += 2;
              break;
            case 0xdd: // array 32
            case 0xdf: // map 32
              isMap = token === 0xdf;
              count = readLength(bytes, p, 4, end, start);
              p += 4;
              break;
            case 0xc1:
              throw new ProtocolError(`byte 0xc1 at body offset ${p - 1 - start} is never used in MessagePack`);
            default:
              // 0xc7-0xc9 ext 8/16/32, 0xd4-0xd8 fixext
              throw new ProtocolError(
                `MessagePack extension types are not allowed (${describeToken(token)} at body offset ${p - 1 - start})`,
              );
          }
        }
        if (token < 0xa0 || token >= 0xdc) {
          // An array or a map with `count` entries: open it.
          if (isKey) needsMaps = true;
          const items = isMap ? count * 2 : count;
          if (items > end - p) {
            throw new ProtocolError(
              `${isMap ? 'a map' : 'an array'} at body offset ${p - start} declares ${count} entries but only ${end - p} bytes remain`,
            );
          }
          if (depth === MAX_NESTING_DEPTH) {
            throw new ProtocolError(`arrays and maps nest deeper than ${MAX_NESTING_DEPTH} levels (body offset ${p - start})`);
          }
          if (depth === 1) inValueField = !isKey && keyIsValueField;
          remaining[depth] = left;
          depth++;
          left = items | 0; // an int, which keeps the loop's arithmetic in integers
          inMap = isMap;
          mapLevel[depth] = isMap ? 1 : 0;
          if (depth === 1) {
            this.messageEntries = count;
          } else if (depth === 2 && isMap && nestedMaps++ === 0) {
            this.firstNestedMapEntries = count;
          }
          continue;
        }
      }

      // A str of `length` bytes at p. A short one is checked here (most are ASCII), a long one
      // by Node's isUtf8, which is much faster per byte but costs a call and a view.
      const stop = p + length;
      if (stop > end) throw truncated(p - start);
      let valid: boolean;
      if (length < SHORT_STRING) {
        let ascii = p;
        while (ascii + 4 <= stop && ((bytes[ascii]! | bytes[ascii + 1]! | bytes[ascii + 2]! | bytes[ascii + 3]!) & 0x80) === 0) ascii += 4;
        while (ascii < stop && bytes[ascii]! < 0x80) ascii++;
        valid = ascii === stop || isWellFormedUtf8(bytes, ascii, stop);
      } else {
        valid = isUtf8(bytes.subarray(p, stop));
      }
      if (!valid) throw new ProtocolError(`a str at body offset ${p - start} is not valid UTF-8 (bytes that are not text travel as bin)`);
      if (isKey) {
        if (length === 9 && isProtoKey(bytes, p)) needsMaps = true;
        if (depth === 1) keyIsValueField = isValueField(bytes, p, length);
      }
      p = stop;
    }

    if (p !== end) {
      const extra = end - p;
      throw new ProtocolError(`${extra} byte${extra === 1 ? '' : 's'} after the message in the frame body`);
    }
    this.hasInt64 = hasInt64;
    this.needsMaps = needsMaps;
    this.hasBin = hasBin;
    this.nestedMaps = nestedMaps;
  }
}

function truncated(offset: number): ProtocolError {
  return new ProtocolError(`the frame body ends in the middle of a value (body offset ${offset})`);
}

function readLength(bytes: Uint8Array, p: number, size: number, end: number, start: number): number {
  if (p + size > end) throw truncated(end - start);
  if (size === 1) return bytes[p]!;
  if (size === 2) return (bytes[p]! << 8) | bytes[p + 1]!;
  return bytes[p]! * 0x1000000 + ((bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!);
}

/**
 * Whether bytes[start, end) are well-formed UTF-8 as Unicode defines it: no overlong forms, no
 * surrogates, nothing past U+10FFFF (the same rules as Node's isUtf8).
 */
export function isWellFormedUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // The allowed range of the second byte depends on the lead byte (Unicode table 3-7).
    let size: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      size = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      size = 3;
      if (lead === 0xe0) low = 0xa0;
      else if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      size = 4;
      if (lead === 0xf0) low = 0x90;
      else if (lead === 0xf4) high = 0x8f;
    } else {
      return false;
    }
    if (i + size > end) return false;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return false;
    for (let k = 2; k < size; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
    i += size;
  }
  return true;
}

// "__proto__"
const PROTO = [0x5f, 0x5f, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x5f, 0x5f];

function isProtoKey(bytes: Uint8Array, p: number): boolean {
  for (let i = 0; i < 9; i++) if (bytes[p + i] !== PROTO[i]) return false;
  return true;
}

/** True when the key at `p` is `args`, `value` or `values`: the fields that hold values. */
function isValueField(bytes: Uint8Array, p: number, length: number): boolean {
  if (length === 4) return bytes[p] === 0x61 && bytes[p + 1] === 0x72 && bytes[p + 2] === 0x67 && bytes[p + 3] === 0x73; // args
  if (length !== 5 && length !== 6) return false;
  if (bytes[p] !== 0x76 || bytes[p + 1] !== 0x61 || bytes[p + 2] !== 0x6c || bytes[p + 3] !== 0x75 || bytes[p + 4] !== 0x65) return false; // value
  return length === 5 || bytes[p + 5] === 0x73; // values
}

function describeToken(token: number): string {
  return `type byte 0x${token.toString(16).padStart(2, '0')}`;
}
