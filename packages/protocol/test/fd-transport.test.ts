import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HostCodec, WorkerCodec } from '../src/codec/message-codec.js';
import { ClosedError, ProtocolError } from '../src/errors/errors.js';
import type { WorkerMessage } from '../src/messages/types.js';
import { FdTransport } from '../src/transport/fd-transport.js';
import { StreamTransport } from '../src/transport/stream-transport.js';
import { framesArrived, record } from './transport-harness.js';

const host = new HostCodec();
const worker = new WorkerCodec();
const fixture = fileURLToPath(new URL('./fixtures/fd-worker.mjs', import.meta.url));
const builtEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let dir: string;
let fifos = 0;
const children: ChildProcess[] = [];
const openFds: number[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'luaward-fd-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const fd of openFds.splice(0)) {
    try {
      closeSync(fd);
    } catch {
      // closed by the test itself
    }
  }
});

function fifo(): string {
  const path = join(dir, `f${fifos++}`);
  execFileSync('mkfifo', [path]);
  return path;
}

function open(path: string, flags: number): number {
  const fd = openSync(path, flags);
  openFds.push(fd);
  return fd;
}

/** A FIFO with a non-blocking read end and a write end, both in this process. */
function loopback(): { readFd: number; writeFd: number } {
  const path = fifo();
  const readFd = open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writeFd = open(path, constants.O_WRONLY);
  return { readFd, writeFd };
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('FdTransport in this process, over a FIFO', () => {
  it('returns each frame of a read that brings several, then undefined once the writer is gone', () => {
    const { readFd, writeFd } = loopback();
    const transport = new FdTransport({ readFd, writeFd });
    const frames = [host.encode({ type: 'stats', id: 1 }), host.encode({ type: 'call', id: 2, name: 'f', args: [[1, 2]] })];
    for (const frame of frames) transport.send(frame);
    expect(worker.decode(transport.receive()!)).toEqual({ type: 'stats', id: 1 });
    expect(worker.decode(transport.receive()!)).toEqual({ type: 'call', id: 2, name: 'f', args: [[1, 2]] });
    closeSync(writeFd);
    expect(transport.receive()).toBeUndefined();
    expect(transport.receive()).toBeUndefined();
  });

  it('assembles frames that take many reads', () => {
    const { readFd, writeFd } = loopback();
    const transport = new FdTransport({ readFd, writeFd, readSize: 3 });
    const frame = host.encode({ type: 'execute', id: 1, code: 'return 1', chunkName: '=x' });
    writeSync(writeFd, frame);
    writeSync(writeFd, frame);
    expect(worker.decode(transport.receive()!)).toMatchObject({ type: 'execute', id: 1 });
    expect(worker.decode(transport.receive()!)).toMatchObject({ type: 'execute', id: 1 });
  });

  it('rejects a channel that ends in the middle of a frame', () => {
    const { readFd, writeFd } = loopback();
    const transport = new FdTransport({ readFd, writeFd });
    writeSync(writeFd, host.encode({ type: 'stats', id: 1 }).subarray(0, 7));
    closeSync(writeFd);
    const error = thrown(() => transport.receive());
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect(error.message).toBe('the stream ended in the middle of a frame (7 bytes of it received)');
    expect(transport.closed).toBe(true);
  });

  it('rejects an oversized length prefix from its four bytes and closes', () => {
    const { readFd, writeFd } = loopback();
    const transport = new FdTransport({ readFd, writeFd, maxFrameLength: 4096 });
    writeSync(writeFd, Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    expect(thrown(() => transport.receive()).message).toBe(
      'a frame announces a body of 4294967295 bytes, more than maxFrameLength (4096 bytes)',
    );
    expect(transport.closed).toBe(true);
    expect(ClosedError.isInstance(thrown(() => transport.receive()))).toBe(true);
  });

  it('reports a write to a channel nobody reads as a ClosedError with the system error as cause', () => {
    const { readFd, writeFd } = loopback();
    const transport = new FdTransport({ readFd, writeFd });
    closeSync(readFd);
    const error = thrown(() => transport.send(host.encode({ type: 'shutdown' })));
    expect(ClosedError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^the transport failed while writing: EPIPE/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('EPIPE');
    expect(transport.closed).toBe(true);
  });

  it('refuses to send or receive once closed, and closes its descriptors only when asked', () => {
    const kept = loopback();
    const transport = new FdTransport(kept);
    transport.close();
    expect(ClosedError.isInstance(thrown(() => transport.send(host.encode({ type: 'shutdown' }))))).toBe(true);
    expect(ClosedError.isInstance(thrown(() => transport.receive()))).toBe(true);
    expect(() => writeSync(kept.writeFd, Uint8Array.of(1))).not.toThrow();

    const owned = loopback();
    new FdTransport({ ...owned, closeFds: true }).close();
    expect((thrown(() => writeSync(owned.writeFd, Uint8Array.of(1))) as NodeJS.ErrnoException).code).toBe('EBADF');
  });

  it('waits out EAGAIN on a non-blocking descriptor until a frame arrives', async () => {
    const path = fifo();
    const readFd = open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const frame = host.encode({ type: 'getGlobal', id: 9, name: 'late' });
    // A writer that opens the FIFO, says so, and writes a frame a little later.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(path)}, 'w'); process.stdout.write('open\\n'); setTimeout(() => fs.writeSync(fd, Buffer.from('${Buffer.from(frame).toString('hex')}', 'hex')), 200);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(writer);
    await once(writer.stdout!, 'data');
    // Nothing is there yet: the read end says EAGAIN until the writer writes (or EOF if it dies).
    const transport = new FdTransport({ readFd, writeFd: readFd });
    expect(worker.decode(transport.receive()!)).toEqual({ type: 'getGlobal', id: 9, name: 'late' });
  });

  it('waits out EAGAIN and short writes on a non-blocking descriptor until a large frame is written', async () => {
    const path = fifo();
    const readFd = open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeFd = open(path, constants.O_WRONLY | constants.O_NONBLOCK);
    // The reading end goes to a child (its stdin) that counts frames; this process only writes.
    const counter = spawn(process.execPath, [fixture, 'count'], { stdio: [readFd, 'ignore', 'pipe'] });
    children.push(counter);
    closeSync(readFd);
    let counted = '';
    counter.stderr!.on('data', (chunk: Buffer) => (counted += chunk.toString()));
    const transport = new FdTransport({ readFd: writeFd, writeFd, closeFds: true });
    // Four times what a pipe holds: the writes come up short and then hit EAGAIN until the child reads.
    const big = host.encode({ type: 'execute', id: 1, code: 'x'.repeat(256 * 1024), chunkName: '=big' });
    transport.send(big);
    transport.send(host.encode({ type: 'shutdown' }));
    transport.close();
    openFds.splice(openFds.indexOf(writeFd), 1);
    const [code] = await once(counter, 'exit');
    expect(code).toBe(0);
    expect(counted.trim().split('\n').map(Number)).toEqual([big.length, host.encode({ type: 'shutdown' }).length]);
  });

  it('validates its options', () => {
    expect(() => new FdTransport({ readFd: -1 })).toThrow(
      new RangeError('readFd must be a file descriptor (an integer of at least 0), got -1'),
    );
    expect(() => new FdTransport({ writeFd: 1.5 })).toThrow(/writeFd must be a file descriptor/);
    expect(() => new FdTransport({ readSize: 0 })).toThrow(/readSize must be an integer number of bytes from 1 to 16777216, got 0/);
    expect(() => new FdTransport({ maxFrameLength: 1 })).toThrow(/maxFrameLength must be/);
  });
});

describe('FdTransport as the worker side of a child process, built package', () => {
  beforeAll(() => {
    if (!existsSync(builtEntry)) throw new Error(`${builtEntry} is missing: build the package first (pnpm build)`);
  });

  /** Starts the fixture worker and a host-side StreamTransport over its stdio pipes. */
  function startWorker(env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [fixture, 'echo'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const transport = new StreamTransport({ readable: child.stdout!, writable: child.stdin! });
    const messages: WorkerMessage[] = [];
    const recorded = record(transport, (frame) => {
      const message = host.decode(frame);
      messages.push(message);
      // Answer callbacks with a large value, so the worker's blocking read spans many chunks.
      if (message.type === 'callback')
        transport.send(host.encode({ type: 'callbackResult', id: message.id, value: { echoed: message.args, pad: 'p'.repeat(200_000) } }));
    });
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    return { child, transport, messages, recorded, exited, stderr: () => stderr };
  }

  async function callRoundTrip(session: ReturnType<typeof startWorker>): Promise<void> {
    await framesArrived(session.recorded, 1);
    expect(session.messages[0]).toMatchObject({ type: 'hello', worker: { name: 'fd-worker' } });
    const args = ['a'.repeat(300_000), 42];
    session.transport.send(host.encode({ type: 'call', id: 7, name: 'lookup', args }));
    await framesArrived(session.recorded, 3);
    expect(session.messages[1]).toEqual({ type: 'callback', id: 1, name: 'lookup', args, depth: 1 });
    expect(session.messages[2]).toEqual({ type: 'result', id: 7, values: [{ echoed: args, pad: 'p'.repeat(200_000) }] });
  }

  it('blocks for a callback reply in the middle of a request, then answers', async () => {
    const session = startWorker();
    await callRoundTrip(session);
    session.transport.send(host.encode({ type: 'shutdown' }));
    expect(await session.exited).toEqual([0, null]);
    expect(await session.recorded.closed).toBeUndefined();
  });

  it('works the same when its stdin is non-blocking', async () => {
    const session = startWorker({ LUAWARD_TEST_TOUCH_STDIN: '1' });
    await callRoundTrip(session);
    expect(session.stderr()).toContain('stdin non-blocking: true');
    session.transport.send(host.encode({ type: 'shutdown' }));
    expect(await session.exited).toEqual([0, null]);
  });

  it('sees the end of the channel when the host closes it', async () => {
    const session = startWorker();
    await framesArrived(session.recorded, 1);
    session.transport.close();
    expect(await session.exited).toEqual([3, null]);
  });

  it('fails with a ProtocolError when the host breaks the framing', async () => {
    const session = startWorker();
    await framesArrived(session.recorded, 1);
    session.child.stdin!.write(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    expect(await session.exited).toEqual([4, null]);
    expect(session.stderr()).toContain('failed: ProtocolError: a frame announces a body of 4294967295 bytes');
  });

  it('fails with a ClosedError when the host stops reading', async () => {
    // Raw pipes here: a StreamTransport would close the worker's stdin along with its stdout.
    const child = spawn(process.execPath, [fixture, 'echo'], { stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    await once(child.stdout!, 'data'); // hello
    child.stdout!.destroy();
    await once(child.stdout!, 'close');
    // The worker reads the call, then fails to write its callback.
    child.stdin!.write(host.encode({ type: 'call', id: 1, name: 'f', args: [] }));
    expect(await exited).toEqual([4, null]);
    expect(stderr).toMatch(/failed: ClosedError: the transport failed while writing: EPIPE/);
  });
});
