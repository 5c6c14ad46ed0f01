import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors/errors.js';
import { FrameReader } from './frame-reader.js';
import { HostCodec, WorkerCodec } from './message-codec.js';

const host = new HostCodec();
const worker = new WorkerCodec();

const frames = [
  host.encode({ type: 'call', id: 1, name: 'f', args: [1, 'two', { three: [3] }] }),
  host.encode({ type: 'shutdown' }),
  host.encode({ type: 'execute', id: 2, code: 'x'.repeat(5000), chunkName: '=big' }),
  host.encode({ type: 'stats', id: 3 }),
];
const stream = Buffer.concat(frames);

function split(chunks: Uint8Array[]): Uint8Array[] {
  const reader = new FrameReader();
  const out = chunks.flatMap((chunk) => reader.push(chunk));
  reader.end();
  return out;
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('FrameReader', () => {
  it('returns every frame of a chunk holding many, as views of that chunk', () => {
    const out = split([stream]);
    expect(out.map((frame) => Buffer.from(frame))).toEqual(frames.map((frame) => Buffer.from(frame)));
    expect(out.every((frame) => frame.buffer === stream.buffer)).toBe(true);
  });

  it('returns the same frames whatever byte the stream is cut at', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const out = split([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(out.map((frame) => worker.decode(frame))).toEqual(frames.map((frame) => worker.decode(frame)));
    }
  });

  it('returns the same frames when bytes arrive one at a time', () => {
    const bytes = [...stream].map((byte) => Uint8Array.of(byte));
    expect(split(bytes).map((frame) => Buffer.from(frame))).toEqual(frames.map((frame) => Buffer.from(frame)));
  });

  it('counts the bytes it holds for an incomplete frame', () => {
    const reader = new FrameReader();
    expect(reader.push(stream.subarray(0, 10))).toEqual([]);
    expect(reader.pendingBytes).toBe(10);
    reader.push(stream.subarray(10, frames[0]!.length));
    expect(reader.pendingBytes).toBe(0);
  });

  it('rejects an announced length over maxFrameLength from the four prefix bytes alone', () => {
    const reader = new FrameReader();
    // 4 GiB announced: nothing for the body is awaited, let alone allocated.
    const error = thrown(() => reader.push(Uint8Array.of(0xff, 0xff, 0xff, 0xff)));
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('a frame announces a body of 4294967295 bytes, more than maxFrameLength (67108864 bytes)');
    expect(reader.pendingBytes).toBe(0);
  });

  it('rejects an oversized prefix that arrives split over chunks', () => {
    const reader = new FrameReader({ maxFrameLength: 1000 });
    reader.push(Uint8Array.of(0x00, 0x00));
    expect(() => reader.push(Uint8Array.of(0x03, 0xe9))).toThrow(/body of 1001 bytes, more than maxFrameLength \(1000 bytes\)/);
  });

  it('accepts a frame of exactly maxFrameLength', () => {
    const reader = new FrameReader({ maxFrameLength: 1000 });
    const frame = new Uint8Array(1004);
    frame.set([0x00, 0x00, 0x03, 0xe8]);
    expect(reader.push(frame)).toHaveLength(1);
  });

  it('rejects a prefix announcing an empty body', () => {
    expect(() => new FrameReader().push(new Uint8Array(4))).toThrow(/empty body/);
  });

  it('refuses further input once the framing is lost', () => {
    const reader = new FrameReader();
    expect(() => reader.push(Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toThrow(ProtocolError);
    expect(() => reader.push(frames[1]!)).toThrow(/more than maxFrameLength/);
  });

  it('reports a stream that ends in the middle of a frame', () => {
    const reader = new FrameReader();
    reader.push(stream.subarray(0, 6));
    expect(() => reader.end()).toThrow(new ProtocolError('the stream ended in the middle of a frame (6 bytes of it received)'));
    const inPrefix = new FrameReader();
    inPrefix.push(Uint8Array.of(0));
    expect(() => inPrefix.end()).toThrow(ProtocolError);
  });

  it('validates its options', () => {
    expect(() => new FrameReader({ maxFrameLength: 100 })).toThrow(RangeError);
  });
});
