import { AbortError, ClosedError, ProtocolError, TimeoutError, WorkerCrashedError } from '@luaward/protocol';
import { describe, expect, it } from 'vitest';
import { failureErrors, type Failure } from '../src/failure.js';
import { Supervisor, type SupervisorOptions } from '../src/index.js';
import { PendingRequest } from '../src/pending-request.js';
import { answerEverything, memoryLauncher, type ScriptedWorker } from './helpers/memory-worker.js';
import { INIT } from './helpers/workers.js';

function request(timeout = 100, signal?: AbortSignal): PendingRequest {
  const pending = new PendingRequest(
    { type: 'stats', id: 0 },
    { timeout, signal },
    () => undefined,
    () => undefined,
  );
  pending.promise.catch(() => undefined);
  return pending;
}

const SIGKILLED = { exitCode: null, signal: 'SIGKILL' as const };

describe('the failure taxonomy', () => {
  it('maps an exit to a WorkerCrashedError with its status and the stderr tail', () => {
    const cause = new Error('EPIPE');
    const { crash, requestError } = failureErrors({ kind: 'exit', cause }, { exitCode: 3, signal: null, stderr: 'fatal' }, true);
    expect(WorkerCrashedError.isInstance(crash)).toBe(true);
    expect(crash).toMatchObject({
      message: 'the worker exited with code 3; its last output on stderr: fatal',
      exitCode: 3,
      signal: null,
      cause,
    });
    expect(requestError(request())).toBe(crash);
    expect(failureErrors({ kind: 'exit', cause: undefined }, { exitCode: null, signal: 'SIGSEGV' }, true).crash.message).toBe(
      'the worker was killed by signal SIGSEGV',
    );
    expect(failureErrors({ kind: 'exit', cause: undefined }, { exitCode: null, signal: null }, true).crash.message).toBe(
      'the worker closed its channel',
    );
    expect(failureErrors({ kind: 'exit', cause: undefined }, undefined, true).crash.message).toBe('the worker closed its channel');
  });

  it('names a protocol violation, with the ProtocolError as cause', () => {
    const violation = new ProtocolError('the worker sent "hello" twice');
    const { crash } = failureErrors({ kind: 'violation', error: violation }, SIGKILLED, true);
    expect(crash).toMatchObject({
      message: 'the worker broke the protocol and was killed: the worker sent "hello" twice',
      signal: 'SIGKILL',
      cause: violation,
    });
  });

  it('gives the request that timed out a TimeoutError and the others a WorkerCrashedError', () => {
    const late = request(250);
    const other = request();
    const { crash, requestError } = failureErrors({ kind: 'timeout', request: late }, SIGKILLED, true);
    const own = requestError(late);
    expect(TimeoutError.isInstance(own)).toBe(true);
    expect(own).toMatchObject({
      timeout: 250,
      message: 'the request ran past its timeout of 250 ms; the worker was killed and its Lua state is gone',
    });
    expect(requestError(other)).toBe(crash);
    expect(crash).toMatchObject({ message: 'the worker was killed: a request ran past its timeout of 250 ms', signal: 'SIGKILL' });
  });

  it('gives the aborted request an AbortError and the others a WorkerCrashedError', () => {
    const controller = new AbortController();
    controller.abort('enough');
    const aborted = request(100, controller.signal);
    const { crash, requestError } = failureErrors({ kind: 'abort', request: aborted }, SIGKILLED, true);
    const own = requestError(aborted);
    expect(AbortError.isInstance(own)).toBe(true);
    expect(own).toMatchObject({ message: 'the request was aborted; the worker was killed to stop it', cause: 'enough' });
    expect(requestError(request())).toBe(crash);
    expect(crash.message).toBe('the worker was killed to stop an aborted request');
  });

  it('fails everyone with the ClosedError of a close', () => {
    const error = new ClosedError('the supervisor was closed');
    for (const ready of [false, true]) {
      const { start, crash, requestError } = failureErrors({ kind: 'closed', error }, undefined, ready);
      expect([start, crash, requestError(request())]).toEqual([error, error, error]);
    }
  });

  it('fails a start before ready with the start error, whatever happened', () => {
    const launchError = new Error('spawn ENOENT');
    const cases: [Failure, (error: Error) => void][] = [
      [{ kind: 'launch', error: launchError }, (error) => expect(error).toBe(launchError)],
      [
        { kind: 'launch', error: 'a string' },
        (error) =>
          expect(error).toMatchObject({ message: 'the worker could not be launched: a string', code: 'ERR_LUAWARD_WORKER_CRASHED' }),
      ],
      [
        { kind: 'startup-timeout', startupTimeout: 300 },
        (error) => expect(error).toMatchObject({ timeout: 300, message: 'the worker did not become ready within 300 ms (startupTimeout)' }),
      ],
      [{ kind: 'refused', error: launchError }, (error) => expect(error).toBe(launchError)],
      [{ kind: 'exit', cause: undefined }, (error) => expect(error.message).toBe('the worker exited with code 1')],
    ];
    for (const [failure, check] of cases) {
      const { start, crash } = failureErrors(failure, { exitCode: 1, signal: null }, false);
      check(start);
      expect(crash).toBe(start);
    }
  });
});

describe('the failure taxonomy over the in-memory transport', () => {
  const start = (play: (worker: ScriptedWorker) => Promise<void>, options: Partial<SupervisorOptions> = {}) => {
    const launcher = memoryLauncher(play);
    return Supervisor.start({ launcher, init: INIT, timeout: Infinity, ...options });
  };

  it('fails every request, running and queued, when the worker exits', async () => {
    const supervisor = await start(async (worker) => {
      await worker.handshake();
      await worker.receive();
      worker.exit({ exitCode: 3, signal: null });
    });
    const requests = [supervisor.execute('running'), supervisor.execute('queued')].map((pending) =>
      pending.catch((error: unknown) => error),
    );
    const [running, queued] = await Promise.all(requests);
    expect(WorkerCrashedError.isInstance(running)).toBe(true);
    expect(running).toMatchObject({ message: 'the worker exited with code 3', exitCode: 3 });
    expect(queued).toBe(running);
    expect(supervisor.state).toBe('dead');
  });

  it('fails the request that timed out with TimeoutError, and the one nested in it with WorkerCrashedError', async () => {
    let nested: Promise<unknown> | undefined;
    const supervisor = await start(
      async (worker) => {
        await worker.handshake();
        await worker.receive();
        worker.send({ type: 'callback', id: 1, name: 'cb', args: [], depth: 1 });
        await worker.receive(); // the nested request, never answered
      },
      {
        callbacks: {
          cb: () => {
            nested = supervisor.execute('nested', { timeout: Infinity }).catch((error: unknown) => error);
            return nested.then(() => null);
          },
        },
      },
    );
    const error = await supervisor.execute('outer', { timeout: 100 }).catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).timeout).toBe(100);
    expect(await nested).toMatchObject({
      name: 'WorkerCrashedError',
      message: 'the worker was killed: a request ran past its timeout of 100 ms',
    });
  });

  it('kills a worker without interrupt to stop an aborted request', async () => {
    const supervisor = await start(async (worker) => {
      await worker.handshake();
      await worker.receive();
    });
    const controller = new AbortController();
    const running = supervisor.execute('forever', { signal: controller.signal }).catch((error: unknown) => error);
    const queued = supervisor.execute('next').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort('enough');
    expect(await running).toMatchObject({ name: 'AbortError', cause: 'enough' });
    expect(await queued).toMatchObject({
      name: 'WorkerCrashedError',
      signal: 'SIGKILL',
      message: 'the worker was killed to stop an aborted request',
    });
  });

  it('fails every request with ClosedError on close; the worker leaves at shutdown', async () => {
    const launcher = memoryLauncher(async (worker) => {
      await worker.handshake();
      await worker.receive(); // never answered
      await answerEverything(worker);
    });
    const supervisor = await Supervisor.start({ launcher, init: INIT });
    const pending = supervisor.execute('slow').catch((error: unknown) => error);
    await supervisor.close();
    expect(await pending).toMatchObject({ name: 'ClosedError', message: 'the supervisor was closed' });
    expect(launcher.workers[0]!.kills).toEqual([]);
  });
});
