import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TimeoutError, WorkerCrashedError } from '@luaward/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChildProcessLauncher, UnixSocketLauncher } from '../src/index.js';
import { inheritableFds, isGone, openFds } from './helpers/lifecycle.js';

describe('ChildProcessLauncher', () => {
  it('starts the worker with an empty environment, / as its directory and no descriptor of this process', async () => {
    const opened = openSync(fileURLToPath(import.meta.url), 'r');
    const worker = await new ChildProcessLauncher({ command: '/bin/sleep', args: ['30'] }).launch();
    const pid = worker.pid!;
    try {
      expect(readFileSync(`/proc/${pid}/environ`, 'utf8')).toBe('');
      expect(readlinkSync(`/proc/${pid}/cwd`)).toBe('/');
      // Beyond 0 to 2 the child holds only what this process inherited without close-on-exec
      // (no spawn can withhold those; the workers close them at start-up).
      const fds = readdirSync(`/proc/${pid}/fd`)
        .map(Number)
        .sort((a, b) => a - b);
      expect(fds).toEqual([0, 1, 2, ...inheritableFds()]);
      expect(fds).not.toContain(opened);
      // Standard error goes nowhere by default.
      expect(readlinkSync(`/proc/${pid}/fd/2`)).toBe('/dev/null');
    } finally {
      worker.kill();
      closeSync(opened);
    }
    await expect(worker.exited).resolves.toEqual({ exitCode: null, signal: 'SIGKILL' });
    expect(isGone(pid)).toBe(true);
    // Once it has exited, kill does nothing.
    expect(() => worker.kill('SIGTERM')).not.toThrow();
  });

  it('rejects with WorkerCrashedError when the command cannot be started, leaking no descriptor', async () => {
    const fds = openFds();
    const error = await new ChildProcessLauncher({ command: '/nonexistent/luaward-worker' }).launch().catch((caught: unknown) => caught);
    expect(WorkerCrashedError.isInstance(error)).toBe(true);
    expect((error as WorkerCrashedError).message).toMatch(/^the worker could not be started: spawn \/nonexistent\/luaward-worker ENOENT/);
    expect((error as WorkerCrashedError).cause).toMatchObject({ code: 'ENOENT' });
    // The pipes are released once their streams have closed.
    await new Promise((resolve) => setImmediate(resolve));
    expect(openFds()).toBe(fds);
  });

  it("keeps the end of the worker's standard error in 'capture' mode", async () => {
    const long = 'y'.repeat(5000);
    const worker = await new ChildProcessLauncher({
      command: '/bin/sh',
      args: ['-c', `echo ${long} >&2; echo last words >&2; exit 4`],
      stderr: 'capture',
    }).launch();
    const exit = await worker.exited;
    expect(exit.exitCode).toBe(4);
    expect(exit.stderr!.endsWith('last words')).toBe(true);
    expect(exit.stderr!.length).toBeLessThanOrEqual(4096);
  });
});

describe('UnixSocketLauncher', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'luaward-socket-'));
    path = join(dir, 'worker.sock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function connectTo(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect(path, () => resolve(socket));
      socket.once('error', reject);
    });
  }

  it('is listening when launch returns, takes one worker and removes the socket file', async () => {
    const launching = new UnixSocketLauncher({ path }).launch();
    expect(existsSync(path)).toBe(true);
    const client = await connectTo();
    const worker = await launching;
    expect(existsSync(path)).toBe(false);
    expect(worker.pid).toBeUndefined();
    const received = new Promise<Buffer>((resolve) => client.once('data', resolve));
    worker.transport.start({ onFrame: () => undefined, onClose: () => undefined });
    worker.transport.send(Uint8Array.from([0, 0, 0, 1, 0x80]));
    await expect(received).resolves.toEqual(Buffer.from([0, 0, 0, 1, 0x80]));
    // kill closes the connection: the worker sees the end of its input.
    const ended = new Promise((resolve) => client.once('end', resolve));
    worker.kill();
    await ended;
    await expect(worker.exited).resolves.toEqual({ exitCode: null, signal: null });
    client.destroy();
  });

  it('settles exited when the worker closes the connection', async () => {
    const launching = new UnixSocketLauncher({ path }).launch();
    const client = await connectTo();
    const worker = await launching;
    client.destroy();
    await expect(worker.exited).resolves.toEqual({ exitCode: null, signal: null });
  });

  it('rejects with TimeoutError when no worker connects in time, and removes the socket file', async () => {
    const error = await new UnixSocketLauncher({ path, connectTimeout: 50 }).launch().catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).message).toBe(`no worker connected to ${path} within 50 ms`);
    expect(existsSync(path)).toBe(false);
  });

  it('rejects with the reason when its launch is aborted', async () => {
    const controller = new AbortController();
    const launching = new UnixSocketLauncher({ path }).launch({ signal: controller.signal });
    const reason = new Error('no longer wanted');
    controller.abort(reason);
    await expect(launching).rejects.toBe(reason);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a path that already exists', async () => {
    writeFileSync(path, 'not a socket');
    const error = await new UnixSocketLauncher({ path }).launch().catch((caught: unknown) => caught);
    expect(WorkerCrashedError.isInstance(error)).toBe(true);
    expect((error as WorkerCrashedError).message).toMatch(/^no worker could attach: listening on .* failed: listen EADDRINUSE/);
    expect(readFileSync(path, 'utf8')).toBe('not a socket');
  });
});
