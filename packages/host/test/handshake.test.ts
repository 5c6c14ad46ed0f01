import {
  HostCodec,
  MemoryLimitError,
  MIN_MAX_FRAME_LENGTH,
  ProtocolError,
  WorkerCodec,
  WorkerCrashedError,
  type HelloMessage,
} from '@luaward/protocol';
import { describe, expect, it } from 'vitest';
import { checkHelloOrder, checkReadyLimits, encodeInit, initRefusal } from '../src/handshake.js';
import { Supervisor, type SupervisorOptions } from '../src/index.js';
import { answerEverything, memoryLauncher, type ScriptedWorker } from './helpers/memory-worker.js';
import { INIT } from './helpers/workers.js';

const HELLO: HelloMessage = {
  type: 'hello',
  protocol: 1,
  worker: { name: 'w', version: '1' },
  engine: 'none',
  pid: 1,
  maxFrameLength: 1 << 20,
  capabilities: [],
};
const { libs: _, ...LIMITS } = INIT;

describe('the handshake checks', () => {
  it('want hello first, and once', () => {
    expect(() => checkHelloOrder(false, HELLO)).not.toThrow();
    expect(() => checkHelloOrder(true, { type: 'print', data: 'x' })).not.toThrow();
    expect(() => checkHelloOrder(true, HELLO)).toThrow(new ProtocolError('the worker sent "hello" twice'));
    expect(() => checkHelloOrder(false, { type: 'ready', id: 1, limits: LIMITS })).toThrow(
      new ProtocolError('the worker sent "ready" before "hello"'),
    );
  });

  it('refuse an optional library the worker does not announce', () => {
    expect(initRefusal(HELLO, INIT)).toBeUndefined();
    const refusal = initRefusal(HELLO, { ...INIT, libs: ['base', 'utf8'] });
    expect(ProtocolError.isInstance(refusal)).toBe(true);
    expect(refusal!.message).toBe('the worker cannot open the utf8 library: it does not announce the "utf8" capability');
    expect(initRefusal({ ...HELLO, capabilities: ['utf8', 'coroutine'] }, { ...INIT, libs: ['utf8', 'coroutine'] })).toBeUndefined();
  });

  it('encode init with the callback names and the host frame limit', () => {
    const codec = new HostCodec({ maxFrameLength: 4096 });
    const init = new WorkerCodec().decode(encodeInit(codec, 1, INIT, ['fetch', 'log']));
    expect(init).toEqual({ type: 'init', id: 1, options: { ...INIT, callbacks: ['fetch', 'log'], maxFrameLength: 4096 } });
  });

  it('fail when the worker frame limit cannot carry init', () => {
    const codec = new HostCodec({ peerMaxFrameLength: MIN_MAX_FRAME_LENGTH });
    const names = Array.from({ length: 40 }, (_, index) => `callback${index}`);
    expect(() => encodeInit(codec, 1, INIT, names)).toThrow(
      new ProtocolError(`the worker's maxFrameLength (${MIN_MAX_FRAME_LENGTH} bytes) cannot carry "init"`),
    );
  });

  it('accept limits as asked or lower, never looser', () => {
    expect(() => checkReadyLimits(LIMITS, INIT)).not.toThrow();
    expect(() => checkReadyLimits({ ...LIMITS, memoryLimit: 1024, maxCallbackDepth: 0 }, INIT)).not.toThrow();
    expect(() => checkReadyLimits({ ...LIMITS, memoryLimit: null }, INIT)).toThrow(
      new ProtocolError(`the worker enforces a looser memoryLimit (none) than asked (${INIT.memoryLimit})`),
    );
    expect(() => checkReadyLimits({ ...LIMITS, maxCallbackDepth: 9 }, INIT)).toThrow(/looser maxCallbackDepth \(9\) than asked \(8\)/);
    // No limit asked: any is fine.
    expect(() => checkReadyLimits({ ...LIMITS, outputLimit: 5 }, { ...INIT, outputLimit: null })).not.toThrow();
  });
});

describe('the handshake over the in-memory transport', () => {
  const start = (play: (worker: ScriptedWorker) => Promise<void>, options: Partial<SupervisorOptions> = {}) => {
    const launcher = memoryLauncher(play);
    return { launcher, started: Supervisor.start({ launcher, init: INIT, ...options }) };
  };

  it('makes the worker ready with what it announced', async () => {
    const { started } = start(async (worker) => {
      await worker.handshake({ capabilities: ['interrupt'] }, { memoryLimit: 1024 });
      await answerEverything(worker);
    });
    const supervisor = await started;
    expect(supervisor.worker).toMatchObject({ worker: { name: 'scripted' }, capabilities: ['interrupt'] });
    expect(supervisor.limits).toMatchObject({ memoryLimit: 1024, maxCallbackDepth: INIT.maxCallbackDepth });
    // No launcher pid: the pid the worker claims.
    expect(supervisor.pid).toBe(4242);
    await supervisor.close();
  });

  it.each([
    [
      'a second hello',
      async (worker: ScriptedWorker) => {
        await worker.hello();
        worker.send(HELLO);
      },
      /"hello" twice/,
    ],
    [
      'a reply before hello',
      async (worker: ScriptedWorker) => worker.send({ type: 'ready', id: 1, limits: LIMITS }),
      /"ready" before "hello"/,
    ],
    [
      'looser limits',
      async (worker: ScriptedWorker) => void (await worker.handshake({}, { memoryLimit: null })),
      /looser memoryLimit \(none\)/,
    ],
    [
      'a print during init',
      async (worker: ScriptedWorker) => {
        await worker.hello();
        worker.send({ type: 'print', data: 'x' });
      },
      /printed during "init"/,
    ],
  ])('kills a worker that sends %s, and the start fails', async (_, play, reason) => {
    const { launcher, started } = start(play);
    const error = await started.catch((caught: unknown) => caught);
    expect(WorkerCrashedError.isInstance(error)).toBe(true);
    expect((error as WorkerCrashedError).message).toMatch(/broke the protocol/);
    expect(((error as WorkerCrashedError).cause as ProtocolError).message).toMatch(reason);
    expect(launcher.workers[0]!.kills).toEqual(['SIGKILL']);
  });

  it('fails the start with the typed error of an init refusal', async () => {
    const { started } = start(async (worker) => {
      const init = await worker.hello();
      worker.send({
        type: 'error',
        id: init.id,
        code: 'ERR_LUAWARD_MEMORY_LIMIT',
        message: 'not enough memory for a Lua state',
        limit: INIT.memoryLimit!,
      });
    });
    const error = await started.catch((caught: unknown) => caught);
    expect(MemoryLimitError.isInstance(error)).toBe(true);
    expect((error as MemoryLimitError).limit).toBe(INIT.memoryLimit);
  });

  it('sends no init a worker cannot honour', async () => {
    let received: unknown;
    const { started } = start(
      async (worker) => {
        received = await worker.hello();
      },
      { init: { ...INIT, libs: ['base', 'coroutine'] } },
    );
    const error = await started.catch((caught: unknown) => caught);
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as ProtocolError).message).toMatch(/cannot open the coroutine library/);
    // The channel ended without init.
    expect(received).toBeUndefined();
  });
});
