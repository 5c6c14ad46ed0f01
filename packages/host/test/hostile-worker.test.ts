import {
  AbortError,
  LuaRuntimeError,
  MAX_ERROR_MESSAGE_LENGTH,
  MemoryLimitError,
  ProtocolError,
  TimeoutError,
  WorkerCrashedError,
} from '@luaward/protocol';
import { describe, expect, it } from 'vitest';
import { ChildProcessLauncher, Supervisor, type SupervisorOptions } from '../src/index.js';
import { childPids, isGone, supervisorsClosedAfterEach } from './helpers/lifecycle.js';
import { INIT, TRANSPORT_KINDS, fakeWorker } from './helpers/workers.js';

/** A worker is hostile: whatever it sends that the protocol does not allow kills it. */
describe.each(TRANSPORT_KINDS)('a misbehaving worker over $name', (transport) => {
  const startSupervisor = supervisorsClosedAfterEach();
  const start = (scenario: string, options: Partial<SupervisorOptions> = {}) =>
    startSupervisor({ launcher: transport.launcher(fakeWorker(scenario)), init: INIT, timeout: Infinity, ...options });

  /** Expects `request` to fail with a protocol violation and the worker to have been killed. */
  async function expectViolation(supervisor: Supervisor, request: Promise<unknown>, reason: RegExp): Promise<void> {
    const pid = supervisor.pid!;
    const error = await request.catch((caught: unknown) => caught);
    expect(WorkerCrashedError.isInstance(error)).toBe(true);
    expect((error as WorkerCrashedError).message).toMatch(/broke the protocol/);
    expect(ProtocolError.isInstance((error as WorkerCrashedError).cause)).toBe(true);
    expect(((error as WorkerCrashedError).cause as ProtocolError).message).toMatch(reason);
    // Killed, or (when the framing broke, the transport closes the channel before the kill is
    // sent) ended by itself on the end of its input: either way it is gone and was not trusted.
    const { signal, exitCode } = error as WorkerCrashedError;
    expect(signal === 'SIGKILL' || (signal === null && exitCode === 0)).toBe(true);
    expect(isGone(pid)).toBe(true);
    expect(supervisor.state).toBe('dead');
  }

  it.each([
    ['garbage', /0xc1/],
    ['oversized-length', /announces a body of 4294967280 bytes/],
    ['unknown-reply-id', /not outstanding/],
    ['unknown-callback', /"notACallback", which is not a host callback/],
  ])('%s kills the worker and fails the request', async (scenario, reason) => {
    const supervisor = await start(scenario, { callbacks: { cb: () => 1 } });
    await expectViolation(supervisor, supervisor.execute('return 1'), reason);
  });

  it('a callback deeper than maxCallbackDepth kills the worker', async () => {
    const supervisor = await start('too-deep-callback', { init: { ...INIT, maxCallbackDepth: 0 }, callbacks: { cb: () => 1 } });
    await expectViolation(supervisor, supervisor.execute('return 1'), /more than maxCallbackDepth \(0\)/);
  });

  it('printing past the output limit kills the worker, after the output up to the limit', async () => {
    const lines: (string | Uint8Array)[] = [];
    const supervisor = await start('print-flood', { init: { ...INIT, outputLimit: 100 }, onPrint: (data) => lines.push(data) });
    await expectViolation(supervisor, supervisor.execute('return 1'), /printed 110 bytes during one request/);
    // Nine lines of ten bytes and a newline make 99 bytes; the tenth makes 110, past 100.
    expect(lines).toHaveLength(9);
  });

  it('a print while no request runs kills the worker', async () => {
    const supervisor = await start('print-idle');
    await expect(supervisor.execute('return 1')).resolves.toEqual([]);
    await expectViolation(supervisor, supervisor.execute('return 2'), /printed while no request runs/);
  });

  it('a second hello fails the start and leaves no process', async () => {
    const before = childPids();
    const error = await start('hello-twice').catch((caught: unknown) => caught);
    expect(WorkerCrashedError.isInstance(error)).toBe(true);
    expect(((error as WorkerCrashedError).cause as Error).message).toMatch(/"hello" twice/);
    expect(childPids()).toEqual(before);
  });

  it('limits looser than asked fail the start', async () => {
    const error = await start('looser-limits').catch((caught: unknown) => caught);
    expect(WorkerCrashedError.isInstance(error)).toBe(true);
    expect(((error as WorkerCrashedError).cause as Error).message).toMatch(/looser memoryLimit \(none\) than asked \(33554432\)/);
  });

  it('an init refusal fails the start with the typed error, leaving no process', async () => {
    const before = childPids();
    const error = await start('refuse-init').catch((caught: unknown) => caught);
    expect(MemoryLimitError.isInstance(error)).toBe(true);
    expect((error as MemoryLimitError).limit).toBe(INIT.memoryLimit);
    expect(childPids()).toEqual(before);
  });

  it('a worker that never says hello fails the start after startupTimeout', async () => {
    const before = childPids();
    const error = await start('silent', { startupTimeout: 300 }).catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).timeout).toBe(300);
    expect(childPids()).toEqual(before);
  });

  it('a worker that exits by itself fails the pending request with its exit code', async () => {
    const supervisor = await start('exit-code');
    const pid = supervisor.pid!;
    const error = await supervisor.execute('return 1').catch((caught: unknown) => caught);
    expect(WorkerCrashedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ exitCode: 3, signal: null });
    expect((error as WorkerCrashedError).message).toMatch(/exited with code 3/);
    expect(isGone(pid)).toBe(true);
  });

  it('a worker that ignores shutdown is killed after closeTimeout', async () => {
    const supervisor = await start('ignore-shutdown', { closeTimeout: 200 });
    const pid = supervisor.pid!;
    await supervisor.execute('return 1');
    await supervisor.close();
    expect(isGone(pid)).toBe(true);
  });

  it('a running request is interrupted when the worker has the capability, and the worker stays', async () => {
    const supervisor = await start('interrupt');
    const pid = supervisor.pid!;
    const controller = new AbortController();
    const running = supervisor.execute('forever', { signal: controller.signal });
    const queued = supervisor.execute('next');
    controller.abort('enough');
    const error = await running.catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as AbortError).cause).toBe('enough');
    await expect(queued).resolves.toEqual(['next']);
    expect(supervisor.pid).toBe(pid);
    expect(isGone(pid)).toBe(false);
  });

  it('a callback error message is capped, and the error reply names the callback for its cause', async () => {
    const thrown = new Error('x'.repeat(MAX_ERROR_MESSAGE_LENGTH * 2));
    const supervisor = await start('callback-then-answer', {
      callbacks: {
        cb: () => {
          throw thrown;
        },
      },
    });
    const error = await supervisor.call('f', []).catch((caught: unknown) => caught);
    expect(LuaRuntimeError.isInstance(error)).toBe(true);
    expect((error as LuaRuntimeError).cause).toBe(thrown);
    const capped = `${'x'.repeat(MAX_ERROR_MESSAGE_LENGTH)}… (${MAX_ERROR_MESSAGE_LENGTH} more characters)`;
    expect((error as LuaRuntimeError).message).toBe(`received ${capped.length} characters ending in ${capped.slice(-30)}`);
  });
});

describe('captured stderr', () => {
  it('is part of the crash message', async () => {
    const worker = fakeWorker('stderr-exit');
    const supervisor = await Supervisor.start({ launcher: new ChildProcessLauncher({ ...worker, stderr: 'capture' }), init: INIT });
    const error = await supervisor.execute('return 1').catch((caught: unknown) => caught);
    expect(WorkerCrashedError.isInstance(error)).toBe(true);
    expect((error as WorkerCrashedError).message).toMatch(
      /exited with code 1; its last output on stderr: fatal: the worker ran out of cheese$/,
    );
    await supervisor.close();
  });
});
