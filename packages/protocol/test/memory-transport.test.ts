import { describe, expect, it } from 'vitest';
import { HostCodec, WorkerCodec } from '../src/codec/message-codec.js';
import { ClosedError, ProtocolError } from '../src/errors/errors.js';
import { createMemoryTransportPair } from '../src/transport/memory-transport.js';
import { framesArrived, record } from './transport-harness.js';

const host = new HostCodec();
const worker = new WorkerCodec();

describe('createMemoryTransportPair', () => {
  it('carries frames both ways, in order, on a later turn, as copies', async () => {
    const [a, b] = createMemoryTransportPair();
    const atA = record(a);
    const atB = record(b);
    const sent = host.encode({ type: 'call', id: 1, name: 'f', args: [1] });
    a.send(sent);
    a.send(host.encode({ type: 'stats', id: 2 }));
    b.send(worker.encode({ type: 'print', data: 'hi' }));
    expect(atB.frames).toHaveLength(0);
    sent.fill(0);
    await framesArrived(atB, 2);
    await framesArrived(atA, 1);
    expect(atB.frames.map((frame) => worker.decode(frame))).toEqual([
      { type: 'call', id: 1, name: 'f', args: [1] },
      { type: 'stats', id: 2 },
    ]);
    expect(host.decode(atA.frames[0]!)).toEqual({ type: 'print', data: 'hi' });
  });

  it('holds frames sent before the receiver starts', async () => {
    const [a, b] = createMemoryTransportPair();
    record(a);
    a.send(host.encode({ type: 'shutdown' }));
    await new Promise((resolve) => setImmediate(resolve));
    const atB = record(b);
    await framesArrived(atB, 1);
    expect(worker.decode(atB.frames[0]!)).toEqual({ type: 'shutdown' });
  });

  it('on close, delivers what was sent, then closes both ends in order', async () => {
    const [a, b] = createMemoryTransportPair();
    const atA = record(a);
    const atB = record(b);
    a.send(host.encode({ type: 'stats', id: 1 }));
    a.close();
    expect(a.closed).toBe(true);
    expect(() => a.send(host.encode({ type: 'stats', id: 2 }))).toThrow(ClosedError);
    expect(atA.closeCount()).toBe(0); // never reported synchronously
    expect(await atA.closed).toBeUndefined();
    expect(await atB.closed).toBeUndefined();
    expect(atB.frames).toHaveLength(1);
    expect(b.closed).toBe(true);
    expect(() => b.send(worker.encode({ type: 'print', data: 'late' }))).toThrow(ClosedError);
    a.close();
    expect(atA.closeCount()).toBe(1);
  });

  it('closes the receiver with a ProtocolError on a frame over its maxFrameLength, and the sender after it', async () => {
    const [a, b] = createMemoryTransportPair({ maxFrameLength: 256 });
    const atA = record(a);
    const atB = record(b);
    a.send(host.encode({ type: 'execute', id: 1, code: 'x'.repeat(400), chunkName: '=c' }));
    const error = await atB.closed;
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect(await atA.closed).toBeUndefined();
    expect(atB.frames).toHaveLength(0);
  });

  it('closes with whatever onFrame throws', async () => {
    const [a, b] = createMemoryTransportPair();
    record(a);
    const thrown = new ProtocolError('bad message');
    const atB = record(b, () => {
      throw thrown;
    });
    a.send(host.encode({ type: 'shutdown' }));
    a.send(host.encode({ type: 'shutdown' }));
    expect(await atB.closed).toBe(thrown);
    expect(atB.frames).toHaveLength(1);
  });

  it('is started once, with both handlers', () => {
    const [a] = createMemoryTransportPair();
    expect(() => a.start({ onFrame() {} } as never)).toThrow(TypeError);
    record(a);
    expect(() => record(a)).toThrow(new TypeError('a transport is started once'));
  });
});
