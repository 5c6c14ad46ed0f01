import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { frameOfBody } from '../../test/frames.js';
import { ProtocolError } from '../errors/errors.js';
import { FrameScanner, isWellFormedUtf8 } from './frame-scanner.js';

function scan(bodyHex: string): FrameScanner {
  const scanner = new FrameScanner();
  const frame = frameOfBody(bodyHex);
  scanner.scan(frame, 4, frame.length);
  return scanner;
}

// {"type": "result", "id": 1, "values": [...]}, the values given in hex
const result = (count: number, values: string) =>
  `83 a474797065 a6726573756c74 a26964 01 a676616c756573 ${(0x90 + count).toString(16)} ${values}`;

describe('isWellFormedUtf8', () => {
  it('agrees with Node on every sequence of one and two bytes', () => {
    for (let a = 0; a < 256; a++) {
      expect(isWellFormedUtf8(Uint8Array.of(a), 0, 1)).toBe(isUtf8(Uint8Array.of(a)));
      for (let b = 0; b < 256; b++) {
        const bytes = Uint8Array.of(a, b);
        if (isWellFormedUtf8(bytes, 0, 2) !== isUtf8(bytes)) throw new Error(`disagree on ${a.toString(16)} ${b.toString(16)}`);
      }
    }
  });

  it('agrees with Node on the boundaries of three- and four-byte forms and on random bytes', () => {
    const leads = [0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5];
    const continuations = [0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0];
    for (const lead of leads) {
      for (const second of continuations) {
        for (const third of continuations) {
          for (const fourth of [...continuations, undefined]) {
            const bytes = Uint8Array.from(fourth === undefined ? [lead, second, third] : [lead, second, third, fourth]);
            expect(isWellFormedUtf8(bytes, 0, bytes.length), Buffer.from(bytes).toString('hex')).toBe(isUtf8(bytes));
          }
        }
      }
    }
    let state = 12345;
    for (let i = 0; i < 50_000; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 8) }, () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return 0x80 + ((state >>> 16) % 0x80);
      });
      expect(isWellFormedUtf8(bytes, 0, bytes.length)).toBe(isUtf8(bytes));
    }
  });

  it('checks only the range it is given', () => {
    const bytes = Uint8Array.of(0xff, 0x68, 0x69, 0xff);
    expect(isWellFormedUtf8(bytes, 1, 3)).toBe(true);
    expect(isWellFormedUtf8(bytes, 0, 3)).toBe(false);
  });
});

describe('FrameScanner', () => {
  it('reports int 64s, bins, and maps that must be decoded as Maps', () => {
    const plain = scan(result(2, 'a161 01'));
    expect([plain.hasInt64, plain.hasBin, plain.needsMaps]).toEqual([false, false, false]);
    expect(scan(result(1, 'cf0000000000000001')).hasInt64).toBe(true);
    expect(scan(result(1, 'c40100')).hasBin).toBe(true);
    expect(scan(result(1, '81 01 c0')).needsMaps).toBe(true); // an integer key
    expect(scan(result(1, '81 a95f5f70726f746f5f5f c0')).needsMaps).toBe(true); // a "__proto__" key
    expect(scan(result(1, '81 a95f5f70726f746f5f58 c0')).needsMaps).toBe(false); // "__proto_X"
  });

  it('counts the entries of the message map and of the first map inside it', () => {
    const scanner = scan('83 a474797065 a57265616479 a26964 01 a66c696d697473 82 a161 01 a162 02');
    expect(scanner.messageEntries).toBe(3);
    expect(scanner.nestedMaps).toBe(1);
    expect(scanner.firstNestedMapEntries).toBe(2);
  });

  it('allows floats inside the value fields only, at any depth', () => {
    expect(() => scan(result(2, 'cb3ff0000000000000 91 81 a178 ca3f800000'))).not.toThrow();
    expect(() => scan('83 a474797065 a463616c6c a26964 01 a461726773 91 cb3ff0000000000000')).not.toThrow();
    expect(() => scan('83 a474797065 ae63616c6c6261636b526573756c74 a26964 01 a576616c7565 cb3ff0000000000000')).not.toThrow();
    // The same float as a message field, inside a record, and as a key of the message map.
    expect(() => scan('82 a474797065 a57374617473 a26964 cb3ff0000000000000')).toThrow(/float at body offset 15 is outside a value field/);
    expect(() => scan('83 a474797065 a57265616479 a26964 01 a66c696d697473 81 a161 cb3ff0000000000000')).toThrow(ProtocolError);
    expect(() => scan('82 a474797065 a57374617473 cb3ff0000000000000 01')).toThrow(ProtocolError);
    // A value field's name only counts in the message map itself.
    expect(() => scan(result(1, '81 a676616c756573 cb3ff0000000000000'))).not.toThrow();
    expect(() => scan('82 a474797065 a463616c6c a178 81 a676616c756573 cb3ff0000000000000')).toThrow(ProtocolError);
  });

  it('accepts nesting of exactly 256 levels and no more', () => {
    expect(() => scan(result(1, `${'91'.repeat(254)} c0`))).not.toThrow();
    expect(() => scan(result(1, `${'91'.repeat(255)} c0`))).toThrow(/nest deeper than 256 levels/);
  });

  it('refuses a body longer than any frame may be, without reading it', () => {
    const scanner = new FrameScanner();
    const bytes = Uint8Array.of(0x80);
    expect(() => scanner.scan(bytes, 0, 2 ** 31)).toThrow(/a frame body is at most 2147483647 bytes/);
  });
});
