import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { HostCodec, WorkerCodec } from '../src/codec/message-codec.js';
import { ClosedError, ProtocolError } from '../src/errors/errors.js';
import { StreamTransport } from '../src/transport/stream-transport.js';
import { framesArrived, record } from './transport-harness.js';

const host = new HostCodec();
const worker = new WorkerCodec();

/** Two ends of a channel: what is written to `aOut` arrives at `bIn`, and back. */
interface Channel {
  a: { readable: Readable; writable: Writable };
  b: { readable: Readable; writable: Writable };
  /** Writes raw bytes so that they arrive at end b. */
  rawToB: Writable;
}

const EVENTS = ['data', 'end', 'error', 'close', 'finish'] as const;

function listenerCounts(streams: (Readable | Writable)[]): number[] {
  return [...new Set(streams)].flatMap((stream) => EVENTS.map((event) => stream.listenerCount(event)));
}

async function allClosed(streams: (Readable | Writable)[]): Promise<void> {
  await Promise.all([...new Set(streams)].map((stream) => (stream.closed ? undefined : once(stream, 'close'))));
  // 'close' listeners run in registration order; let the transport's own run first.
  await new Promise((resolve) => setImmediate(resolve));
}

function passThroughChannel(): Channel {
  const toB = new PassThrough();
  const toA = new PassThrough();
  return { a: { readable: toA, writable: toB }, b: { readable: toB, writable: toA }, rawToB: toB };
}

const socketDir = mkdtempSync(join(tmpdir(), 'luaward-protocol-'));
afterAll(() => rmSync(socketDir, { recursive: true, force: true }));
let sockets = 0;

async function unixSocketChannel(): Promise<Channel> {
  const path = join(socketDir, `s${sockets++}.sock`);
  const server = createServer();
  server.listen(path);
  await once(server, 'listening');
  const client = createConnection(path);
  const [accepted] = (await once(server, 'connection')) as [Socket];
  server.close();
  await once(client, 'connect').catch(() => undefined);
  return { a: { readable: client, writable: client }, b: { readable: accepted, writable: accepted }, rawToB: client };
}

describe.each([
  ['a PassThrough pair', async () => passThroughChannel()],
  ['a Unix socket', unixSocketChannel],
] as const)('StreamTransport over %s', (_kind, makeChannel) => {
  function transports(channel: Channel, options?: { maxFrameLength: number }): [StreamTransport, StreamTransport] {
    const toTransport = (end: Channel['a']) =>
      new StreamTransport((end.readable as unknown) === end.writable ? (end.readable as Socket) : end, options);
    return [toTransport(channel.a), toTransport(channel.b)];
  }

  it('carries frames both ways, whatever the chunking', async () => {
    const channel = await makeChannel();
    const [a, b] = transports(channel);
    const atA = record(a);
    const atB = record(b);
    const frames = [host.encode({ type: 'call', id: 1, name: 'f', args: ['x'.repeat(70_000)] }), host.encode({ type: 'stats', id: 2 })];
    a.send(frames[0]!);
    // The second frame byte by byte, straight onto the stream.
    for (const byte of frames[1]!) channel.rawToB.write(Uint8Array.of(byte));
    b.send(worker.encode({ type: 'print', data: 'back' }));
    await framesArrived(atB, 2);
    await framesArrived(atA, 1);
    expect(atB.frames.map((frame) => Buffer.from(frame))).toEqual(frames.map((frame) => Buffer.from(frame)));
    expect(host.decode(atA.frames[0]!)).toEqual({ type: 'print', data: 'back' });
    a.close();
    await Promise.all([atA.closed, atB.closed]);
  });

  it('closes in order: frames sent before close arrive, both ends report an orderly close once, and no listener is left', async () => {
    const channel = await makeChannel();
    const streams = [channel.a.readable, channel.a.writable, channel.b.readable, channel.b.writable];
    const before = listenerCounts(streams);
    const [a, b] = transports(channel);
    const atA = record(a);
    const atB = record(b);
    a.send(host.encode({ type: 'shutdown' }));
    a.close();
    expect(a.closed).toBe(true);
    expect(() => a.send(host.encode({ type: 'shutdown' }))).toThrow(new ClosedError('the transport is closed'));
    expect(await atA.closed).toBeUndefined();
    expect(await atB.closed).toBeUndefined();
    expect(atB.frames.map((frame) => worker.decode(frame))).toEqual([{ type: 'shutdown' }]);
    expect(b.closed).toBe(true);
    await allClosed(streams);
    expect(listenerCounts(streams)).toEqual(before);
    expect(atA.closeCount()).toBe(1);
    expect(atB.closeCount()).toBe(1);
  });

  it('reports a peer that ends in the middle of a frame as a ProtocolError', async () => {
    const channel = await makeChannel();
    const [, b] = transports(channel);
    const atB = record(b);
    const frame = host.encode({ type: 'stats', id: 1 });
    channel.rawToB.end(frame.subarray(0, frame.length - 2));
    const error = await atB.closed;
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect(error!.message).toMatch(/ended in the middle of a frame/);
  });

  it('rejects an oversized length prefix and destroys the streams without reading on', async () => {
    const channel = await makeChannel();
    const streams = [channel.b.readable, channel.b.writable];
    const before = listenerCounts(streams);
    const [, b] = transports(channel, { maxFrameLength: 1024 });
    const atB = record(b);
    channel.rawToB.write(Uint8Array.of(0x7f, 0xff, 0xff, 0xff));
    const error = await atB.closed;
    expect(error!.message).toBe('a frame announces a body of 2147483647 bytes, more than maxFrameLength (1024 bytes)');
    expect(channel.b.readable.destroyed).toBe(true);
    await allClosed(streams);
    expect(listenerCounts(streams)).toEqual(before);
  });

  it('reports a stream error as a ClosedError with the error as cause', async () => {
    const channel = await makeChannel();
    const [, b] = transports(channel);
    const atB = record(b);
    const failure = Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
    channel.b.readable.destroy(failure);
    const error = await atB.closed;
    expect(ClosedError.isInstance(error)).toBe(true);
    expect(error!.message).toBe("the transport's stream failed: connection reset");
    expect(error!.cause).toBe(failure);
  });

  it('closes with whatever onFrame throws', async () => {
    const channel = await makeChannel();
    const [a, b] = transports(channel);
    record(a);
    const thrown = new ProtocolError('not a message I expected');
    const atB = record(b, () => {
      throw thrown;
    });
    a.send(host.encode({ type: 'shutdown' }));
    expect(await atB.closed).toBe(thrown);
  });
});

describe('StreamTransport', () => {
  it('holds data that arrives before start, and reports a failure that happens before start', async () => {
    const early = passThroughChannel();
    const [, b] = [null, new StreamTransport(early.b)];
    early.rawToB.write(host.encode({ type: 'stats', id: 1 }));
    await new Promise((resolve) => setImmediate(resolve));
    const atB = record(b);
    await framesArrived(atB, 1);
    expect(worker.decode(atB.frames[0]!)).toEqual({ type: 'stats', id: 1 });

    const failing = passThroughChannel();
    const transport = new StreamTransport(failing.b);
    failing.b.readable.destroy(new Error('gone'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.closed).toBe(true);
    expect(ClosedError.isInstance(await record(transport).closed)).toBe(true);
  });

  it('rejects a stream that delivers strings', async () => {
    const channel = passThroughChannel();
    (channel.b.readable as PassThrough).setEncoding('utf8');
    const transport = new StreamTransport(channel.b);
    const recorded = record(transport);
    channel.rawToB.write(host.encode({ type: 'shutdown' }));
    expect((await recorded.closed)!.message).toMatch(/delivers strings; it must carry bytes/);
  });

  it('needs streams', () => {
    expect(() => new StreamTransport({} as never)).toThrow(
      new TypeError('StreamTransport needs a duplex stream or { readable, writable } streams'),
    );
  });

  it('fails at once over a stream already destroyed', async () => {
    const stream = new PassThrough();
    stream.destroy();
    const transport = new StreamTransport(stream);
    expect(transport.closed).toBe(true);
    expect((await record(transport).closed)!.message).toBe('the stream was already destroyed');
  });
});
