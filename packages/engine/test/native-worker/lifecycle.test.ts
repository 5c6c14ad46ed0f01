// The worker's conversation from start to end: hello, init, ready, shutdown and the end of
// its input, and its answer to a host that breaks the protocol (status 2, nothing more sent).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { describe, expect, it } from 'vitest';

import {
  PACKAGE_VERSION,
  TEST_INIT_OPTIONS,
  WORKER_MAX_FRAME_LENGTH,
  WORKER_PATH,
  type WorkerProcess,
  withWorker,
} from './worker-process.js';

/** A frame with the 4-byte length prefix and `body`. */
function framed(body: Uint8Array): Uint8Array {
  const frame = Buffer.alloc(4 + body.length);
  frame.writeUInt32BE(body.length, 0);
  frame.set(body, 4);
  return frame;
}

/** Sends `bytes` and expects the worker to exit with status 2 and a diagnostic, sending nothing. */
async function expectViolation(worker: WorkerProcess, bytes: Uint8Array, diagnostic: RegExp): Promise<void> {
  const before = worker.received.length;
  worker.sendBytes(bytes);
  expect(await worker.exited).toEqual({ code: 2, signal: null });
  expect(worker.stderr).toMatch(diagnostic);
  expect(worker.received.length).toBe(before);
}

describe('the handshake', () => {
  it('starts with hello: protocol 1, its name and version, the Lua release, its pid, its frame limit and capabilities', () =>
    withWorker(async (worker) => {
      const hello = await worker.next();
      expect(hello).toEqual({
        type: 'hello',
        protocol: 1,
        worker: { name: 'luaward-worker', version: PACKAGE_VERSION },
        engine: expect.stringMatching(/^Lua 5\.4\.\d+$/),
        pid: worker.pid,
        maxFrameLength: WORKER_MAX_FRAME_LENGTH,
        capabilities: ['interrupt', 'coroutine', 'utf8'],
      });
    }));

  it('answers init with ready, echoing the limits it enforces', () =>
    withWorker(async (worker) => {
      const { ready } = await worker.handshake({
        memoryLimit: 8 << 20,
        instructionLimit: 5000,
        outputLimit: 0,
        maxValueDepth: 7,
        maxValueSize: 99,
        maxCallbackDepth: 2,
      });
      expect(ready).toEqual({
        type: 'ready',
        id: 1,
        limits: { memoryLimit: 8 << 20, instructionLimit: 5000, outputLimit: 0, maxValueDepth: 7, maxValueSize: 99, maxCallbackDepth: 2 },
      });
    }));

  it('takes nil limits as no limit', () =>
    withWorker(async (worker) => {
      const { ready } = await worker.handshake({ memoryLimit: null, instructionLimit: null, outputLimit: null, maxValueSize: null });
      expect(ready.limits).toEqual({
        memoryLimit: null,
        instructionLimit: null,
        outputLimit: null,
        maxValueDepth: 64,
        maxValueSize: null,
        maxCallbackDepth: 8,
      });
      const reply = await worker.request({
        type: 'execute',
        id: 2,
        code: 'local s = 0 for i = 1, 3e7 do s = s + i end return s',
        chunkName: '=sum',
      });
      expect(reply).toEqual({ type: 'result', id: 2, values: [450000015000000] });
    }));

  it('opens the optional libraries only when asked', () =>
    withWorker(async (worker) => {
      await worker.handshake({ libs: ['base', 'utf8', 'coroutine'] });
      const reply = await worker.request({
        type: 'execute',
        id: 2,
        code: 'return type(utf8), type(coroutine), type(string), type(os), type(io)',
        chunkName: '=libs',
      });
      expect(reply).toEqual({ type: 'result', id: 2, values: ['table', 'table', 'nil', 'nil', 'nil'] });
    }));

  it('answers an init it cannot honour with an error; then only shutdown may follow', async () => {
    await withWorker(async (worker) => {
      await worker.next();
      worker.send({ type: 'init', id: 1, options: { ...TEST_INIT_OPTIONS, callbacks: ['print'] } });
      expect(await worker.next()).toEqual({
        type: 'error',
        id: 1,
        code: 'ERR_LUAWARD_PROTOCOL',
        message: "callback name 'print' would replace the sandbox global of that name",
      });
      expect(await worker.shutdown()).toEqual({ code: 0, signal: null });
    });
    await withWorker(async (worker) => {
      await worker.next();
      worker.send({ type: 'init', id: 1, options: { ...TEST_INIT_OPTIONS, memoryLimit: 64 } });
      expect(await worker.next()).toMatchObject({ type: 'error', id: 1, code: 'ERR_LUAWARD_MEMORY_LIMIT', limit: 64 });
      await expectViolation(worker, worker.codec.encode({ type: 'stats', id: 2 }), /after init failed/);
    });
  });
});

describe('the end', () => {
  it('exits 0 on shutdown, without replying', () =>
    withWorker(async (worker) => {
      await worker.handshake();
      expect(await worker.shutdown()).toEqual({ code: 0, signal: null });
      expect(worker.received.map(({ message }) => message.type)).toEqual(['hello', 'ready']);
      expect(worker.stderr).toBe('');
    }));

  it('exits 0 when its input ends, before or after init', async () => {
    await withWorker(async (worker) => {
      await worker.next();
      worker.endInput();
      expect(await worker.exited).toEqual({ code: 0, signal: null });
    });
    await withWorker(async (worker) => {
      await worker.handshake();
      worker.endInput();
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      expect(worker.stderr).toBe('');
    });
  });

  it('exits 0 when its input ends while a callback waits for its reply', () =>
    withWorker(async (worker) => {
      await worker.handshake({ callbacks: ['wait'] });
      worker.send({ type: 'execute', id: 2, code: 'return wait()', chunkName: '=w' });
      expect(await worker.next()).toMatchObject({ type: 'callback', name: 'wait' });
      worker.endInput();
      expect(await worker.exited).toEqual({ code: 0, signal: null });
    }));

  it('exits 0 on shutdown while a callback waits for its reply', () =>
    withWorker(async (worker) => {
      await worker.handshake({ callbacks: ['wait'] });
      worker.send({ type: 'execute', id: 2, code: 'return wait()', chunkName: '=w' });
      expect(await worker.next()).toMatchObject({ type: 'callback', name: 'wait' });
      expect(await worker.shutdown()).toEqual({ code: 0, signal: null });
    }));
});

describe('a host that breaks the protocol', () => {
  it('refuses a frame longer than its maxFrameLength from the length prefix alone', () =>
    withWorker(async (worker) => {
      await worker.handshake();
      // Only the prefix is sent and stdin stays open: a worker that waited for the body would hang.
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32BE(WORKER_MAX_FRAME_LENGTH + 1, 0);
      await expectViolation(worker, prefix, /a frame announces a body of 67108865 bytes, more than maxFrameLength \(67108864 bytes\)/);
    }));

  it('exits 2 on bytes that are not frames', () =>
    withWorker(async (worker) => {
      await worker.next();
      await expectViolation(worker, Buffer.from('GET / HTTP/1.1\r\n\r\n'), /more than maxFrameLength/);
    }));

  it('exits 2 on a frame whose body is not a message map', () =>
    withWorker(async (worker) => {
      await worker.next();
      await expectViolation(worker, framed(Uint8Array.of(0x93, 0x01, 0x02, 0x03)), /must be a MessagePack map/);
    }));

  it('exits 2 on an unknown message type or field', async () => {
    await withWorker(async (worker) => {
      await worker.next();
      // {type: "bogus"}
      await expectViolation(worker, framed(Buffer.from('81a474797065a5626f677573', 'hex')), /unknown host message type "bogus"/);
    });
    await withWorker(async (worker) => {
      await worker.handshake();
      // {type: "stats", id: 2, extra: 1}
      await expectViolation(
        worker,
        framed(Buffer.from('83a474797065a57374617473a2696402a5657874726101', 'hex')),
        /has an unknown field "extra"/,
      );
    });
  });

  it('exits 2 on a request before init, and on a second init', async () => {
    await withWorker(async (worker) => {
      await worker.next();
      await expectViolation(worker, worker.codec.encode({ type: 'execute', id: 1, code: 'return 1', chunkName: '=x' }), /before init/);
    });
    await withWorker(async (worker) => {
      await worker.handshake();
      await expectViolation(worker, worker.codec.encode({ type: 'init', id: 2, options: TEST_INIT_OPTIONS }), /init twice/);
    });
  });

  it('exits 2 on a callback reply when no callback waits', () =>
    withWorker(async (worker) => {
      await worker.handshake();
      await expectViolation(
        worker,
        worker.codec.encode({ type: 'callbackResult', id: 1, value: null }),
        /callback 1, which is not waiting/,
      );
    }));

  it('exits 2 when the input ends inside a frame', () =>
    withWorker(async (worker) => {
      await worker.handshake();
      worker.sendBytes(Uint8Array.of(0, 0, 0, 9, 0x81));
      worker.endInput();
      expect(await worker.exited).toEqual({ code: 2, signal: null });
      expect(worker.stderr).toMatch(/the input ended inside a frame \(1 of 9 body bytes received\)/);
    }));
});

describe('by hand', () => {
  it('prints its version and refuses arguments it does not know', () => {
    const version = spawnSync(WORKER_PATH, ['--version'], { encoding: 'utf8', env: {} });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(new RegExp(`^luaward-worker ${PACKAGE_VERSION.replace(/\./g, '\\.')} \\(Lua 5\\.4\\.\\d+\\)\\n$`));
    const wrong = spawnSync(WORKER_PATH, ['--frobnicate'], { encoding: 'utf8', env: {} });
    expect(wrong.status).toBe(3);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toBe("luaward-worker: unexpected argument '--frobnicate' (see --help)\n");
  });
});

describe.runIf(process.platform === 'linux')('the death of its parent', () => {
  it('kills the worker even while its input stays open', async () => {
    // The worker's parent is a Node process that this test kills. The worker
    // inherits that parent's stdin: a FIFO this process holds open for reading
    // and writing, so it never reaches its end (Node would end a pipe of the
    // parent's when the parent exits). Only the parent-death signal ends it.
    const dir = mkdtempSync(join(tmpdir(), 'luaward-parent-'));
    const fifo = join(dir, 'input');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const input = openSync(fifo, 'r+');
    const parentScript = `
      const worker = require('node:child_process').spawn(process.argv[1], [], { stdio: ['inherit', 'ignore', 'inherit'], env: {} });
      worker.on('spawn', () => process.stderr.write(worker.pid + '\\n'));
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['-e', parentScript, WORKER_PATH], { stdio: [input, 'ignore', 'pipe'] });
    const [line] = (await once(createInterface({ input: parent.stderr! }), 'line')) as [string];
    const pid = Number(line);
    // It is waiting for init, and would wait forever.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running(pid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 1000;
    while (running(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(running(pid)).toBe(false);
    closeSync(input);
    rmSync(dir, { recursive: true, force: true });
  });
});

/** True while `pid` is a process that is neither gone nor a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
