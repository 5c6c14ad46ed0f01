import { AsyncResource } from 'node:async_hooks';
import { getEventListeners } from 'node:events';
import {
  AbortError,
  ClosedError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  MemoryLimitError,
  OutputLimitError,
  ProtocolError,
  TimeoutError,
  WorkerCrashedError,
} from '@luaward/protocol';
import { describe, expect, it } from 'vitest';
import type { Supervisor, SupervisorOptions } from '../src/index.js';
import { childPids, inheritableFds, isGone, signalled, supervisorsClosedAfterEach } from './helpers/lifecycle.js';
import { INIT, MATRIX, NATIVE_WORKER } from './helpers/workers.js';

describe.each(MATRIX)('Supervisor, $label', ({ worker, transport }) => {
  // The native worker reads its input while Lua runs; the Node worker runs Lua on its only thread.
  const interruptible = worker === NATIVE_WORKER;
  const startSupervisor = supervisorsClosedAfterEach();
  const start = (options: Partial<SupervisorOptions> = {}) =>
    startSupervisor({ launcher: transport.launcher(worker), init: INIT, ...options });

  describe('handshake', () => {
    it('is ready with the worker it describes and the limits it enforces', async () => {
      const supervisor = await start();
      expect(supervisor.state).toBe('ready');
      expect(supervisor.worker).toMatchObject({ type: 'hello', protocol: 1 });
      expect(supervisor.worker!.engine).toMatch(/^Lua 5\.4\.\d+$/);
      expect(supervisor.worker!.capabilities.includes('interrupt')).toBe(interruptible);
      expect(supervisor.limits).toEqual({
        memoryLimit: INIT.memoryLimit,
        instructionLimit: INIT.instructionLimit,
        outputLimit: INIT.outputLimit,
        maxValueDepth: INIT.maxValueDepth,
        maxValueSize: INIT.maxValueSize,
        maxCallbackDepth: INIT.maxCallbackDepth,
      });
      expect(supervisor.pid).toBeGreaterThan(0);
      expect(isGone(supervisor.pid!)).toBe(false);
    });

    it('fails the start with the typed error when the worker refuses init, leaving no process', async () => {
      const before = childPids();
      const tooSmall = await start({ init: { ...INIT, memoryLimit: 100 } }).catch((caught: unknown) => caught);
      expect(MemoryLimitError.isInstance(tooSmall)).toBe(true);
      const sandboxName = await start({ callbacks: { print: () => 1 } }).catch((caught: unknown) => caught);
      expect(ProtocolError.isInstance(sandboxName)).toBe(true);
      expect((sandboxName as ProtocolError).message).toMatch(/^the worker refused the request: .*'print'/);
      expect(childPids()).toEqual(before);
    });

    it('leaves the worker no descriptor it inherited', async () => {
      const supervisor = await start();
      await supervisor.execute('return 1');
      expect(inheritableFds(supervisor.pid!)).toEqual([]);
    });
  });

  describe('requests', () => {
    it('execute resolves with every value the chunk returns', async () => {
      const supervisor = await start();
      await expect(supervisor.execute('return 1, "two", nil, true, {1, 2}, {a = "b"}, -2.5')).resolves.toEqual([
        1,
        'two',
        null,
        true,
        [1, 2],
        { a: 'b' },
        -2.5,
      ]);
      await expect(supervisor.execute('local x = 1')).resolves.toEqual([]);
    });

    it('execute rejects code that does not compile with LuaSyntaxError', async () => {
      const supervisor = await start();
      const error = await supervisor.execute('return +', { chunkName: 'broken' }).catch((caught: unknown) => caught);
      expect(LuaSyntaxError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ chunkName: 'broken', line: 1 });
    });

    it('a Lua error rejects with LuaRuntimeError and a traceback, and the state survives', async () => {
      const supervisor = await start();
      await supervisor.execute('kept = 42');
      const error = await supervisor.execute('error("no way")', { chunkName: 'failing' }).catch((caught: unknown) => caught);
      expect(LuaRuntimeError.isInstance(error)).toBe(true);
      expect((error as LuaRuntimeError).message).toContain('no way');
      expect((error as LuaRuntimeError).traceback).toContain('stack traceback');
      await expect(supervisor.getGlobal('kept')).resolves.toBe(42);
    });

    it('call, exists, getGlobal and setGlobal work on globals', async () => {
      const supervisor = await start();
      await supervisor.execute('function add(a, b) return a + b, "sum" end');
      await expect(supervisor.call('add', [2, 3])).resolves.toEqual([5, 'sum']);
      await expect(supervisor.exists('add')).resolves.toBe(true);
      await expect(supervisor.exists('missing')).resolves.toBe(false);
      await expect(supervisor.setGlobal('config', { name: 'x', sizes: [1, 2, 3] })).resolves.toBeUndefined();
      await expect(supervisor.getGlobal('config')).resolves.toEqual({ name: 'x', sizes: [1, 2, 3] });
      await expect(supervisor.getGlobal('missing')).resolves.toBeNull();
      await expect(supervisor.execute('return config.sizes[3]')).resolves.toEqual([3]);
      const error = await supervisor.call('missing', []).catch((caught: unknown) => caught);
      expect(LuaRuntimeError.isInstance(error)).toBe(true);
    });

    it('stats reports memory, its peak, instructions and the pid', async () => {
      const supervisor = await start();
      await supervisor.execute('local big = string.rep("x", 1 << 20) big = nil collectgarbage()');
      // VARARGPREP, 3 x LOADI, FORPREP, 100 000 x FORLOOP, RETURN; the worker counts in hook
      // intervals of 10 000, the last one whole.
      await supervisor.execute('for i = 1, 100000 do end');
      const stats = await supervisor.stats();
      expect(stats.memory).toBeGreaterThan(0);
      expect(stats.memoryPeak).toBeGreaterThanOrEqual(stats.memory + (1 << 20));
      expect(stats.instructions).toBeGreaterThanOrEqual(100_006);
      expect(stats.instructions).toBeLessThan(100_006 + 10_000);
      expect(stats.pid).toBe(supervisor.pid);
    });

    it('applies a per-request instruction limit and keeps the worker', async () => {
      const supervisor = await start();
      const error = await supervisor.execute('while true do end', { instructionLimit: 10_000 }).catch((caught: unknown) => caught);
      expect(InstructionLimitError.isInstance(error)).toBe(true);
      expect((error as InstructionLimitError).limit).toBe(10_000);
      await expect(supervisor.execute('return "still here"')).resolves.toEqual(['still here']);
    });

    it('delivers prints in order before the request resolves', async () => {
      const lines: (string | Uint8Array)[] = [];
      const supervisor = await start({ onPrint: (data) => lines.push(data) });
      const done = supervisor.execute('print("a", 1) print() print("b")').then(() => [...lines]);
      await expect(done).resolves.toEqual(['a\t1', '', 'b']);
    });

    it('lets a request print exactly its output limit, and the worker stops it beyond', async () => {
      const lines: (string | Uint8Array)[] = [];
      // Each line counts its bytes plus one for the newline: two lines of 8 are 18 bytes.
      const supervisor = await start({ init: { ...INIT, outputLimit: 18 }, onPrint: (data) => lines.push(data) });
      await expect(supervisor.execute('print("12345678") print("12345678")')).resolves.toEqual([]);
      const error = await supervisor.execute('print("12345678") print("12345678") print("x")').catch((caught: unknown) => caught);
      expect(OutputLimitError.isInstance(error)).toBe(true);
      expect(lines).toEqual(['12345678', '12345678', '12345678', '12345678']);
      await expect(supervisor.execute('return 1')).resolves.toEqual([1]);
    });
  });

  describe('host callbacks', () => {
    it('runs sync and async callbacks', async () => {
      const supervisor = await start({
        callbacks: {
          add: (a, b) => (a as number) + (b as number),
          later: async (text) => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            return `${text as string}!`;
          },
          nothing: () => undefined,
        },
      });
      await expect(supervisor.execute('return add(2, 3), later("hi"), nothing()')).resolves.toEqual([5, 'hi!', null]);
    });

    it('sends a request made inside an async callback nested, even after awaits', async () => {
      let supervisor!: Supervisor;
      supervisor = await start({
        callbacks: {
          fetch: async (key) => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            const [value] = await supervisor.call('lookup', [key]);
            await Promise.resolve();
            const suffix = await supervisor.getGlobal('suffix');
            return `${value as string}${suffix as string}`;
          },
          both: async () => {
            const [[a], [b]] = await Promise.all([supervisor.call('lookup', ['x']), supervisor.call('lookup', ['y'])]);
            return [a, b];
          },
        },
      });
      await supervisor.execute('suffix = "!" function lookup(key) return "value of " .. key end');
      await expect(supervisor.execute('return fetch("a") .. " " .. fetch("b")')).resolves.toEqual(['value of a! value of b!']);
      await expect(supervisor.execute('return both()')).resolves.toEqual([['value of x', 'value of y']]);
    });

    it('bounds nesting by maxCallbackDepth: the callback past it fails in Lua', async () => {
      const depths: number[] = [];
      let supervisor!: Supervisor;
      supervisor = await start({
        init: { ...INIT, maxCallbackDepth: 3 },
        callbacks: {
          down: async (n) => {
            depths.push(n as number);
            const [result] = await supervisor.call('recurse', [(n as number) + 1]);
            return result;
          },
        },
      });
      await supervisor.execute(`
        function recurse(n)
          local ok, result = pcall(down, n)
          if ok then return result end
          return "refused at depth " .. n
        end`);
      await expect(supervisor.call('recurse', [1])).resolves.toEqual(['refused at depth 4']);
      expect(depths).toEqual([1, 2, 3]);
    });

    it('a callback error can be caught by pcall; uncaught, its cause is the JavaScript error', async () => {
      const thrown = new Error('the database is down');
      const supervisor = await start({
        callbacks: {
          fail: () => {
            throw thrown;
          },
          reject: () => Promise.reject(thrown),
        },
      });
      const [ok, message] = await supervisor.execute('return pcall(fail)');
      expect(ok).toBe(false);
      expect(message).toContain('the database is down');
      for (const name of ['fail', 'reject']) {
        const error = await supervisor.execute(`${name}()`).catch((caught: unknown) => caught);
        expect(LuaRuntimeError.isInstance(error)).toBe(true);
        expect((error as LuaRuntimeError).message).toContain('the database is down');
        expect((error as LuaRuntimeError).cause).toBe(thrown);
      }
    });

    it('a callback result that cannot be sent is a Lua error whose cause is a ConversionError', async () => {
      const supervisor = await start({ callbacks: { bad: () => ({ handler: () => 1 }) as never } });
      const error = await supervisor.execute('return bad()').catch((caught: unknown) => caught);
      expect(LuaRuntimeError.isInstance(error)).toBe(true);
      expect(ConversionError.isInstance((error as LuaRuntimeError).cause)).toBe(true);
      await expect(supervisor.execute('return (pcall(bad))')).resolves.toEqual([false]);
    });

    it('a request made after the callback settled is top-level: it runs after the request that called back', async () => {
      let later: Promise<unknown> | undefined;
      let supervisor!: Supervisor;
      supervisor = await start({
        callbacks: {
          schedule: () => {
            setImmediate(() => (later = supervisor.getGlobal('phase')));
            return 'scheduled';
          },
        },
      });
      await expect(supervisor.execute('phase = "before" local r = schedule() phase = "after" return r')).resolves.toEqual(['scheduled']);
      await new Promise((resolve) => setImmediate(resolve));
      await expect(later).resolves.toBe('after');
    });
  });

  describe('ordering', () => {
    it('serialises concurrent requests and gives each its own result', async () => {
      const supervisor = await start();
      await supervisor.execute('log = {} function record(i) log[#log + 1] = i return #log, i end');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => supervisor.call('record', [i])));
      expect(results).toEqual(Array.from({ length: 20 }, (_, i) => [i + 1, i]));
    });

    it('holds top-level requests while a request waits for a callback', async () => {
      const entered = signalled();
      const gate = signalled();
      let supervisor!: Supervisor;
      supervisor = await start({
        callbacks: {
          hold: async () => {
            entered.resolve();
            await gate.promise;
            return supervisor.getGlobal('marker');
          },
        },
      });
      const first = supervisor.execute('return hold()');
      const second = supervisor.execute('marker = "second ran"');
      await entered.promise;
      gate.resolve();
      await expect(first).resolves.toEqual([null]);
      await second;
      await expect(supervisor.getGlobal('marker')).resolves.toBe('second ran');
    });
  });

  describe('timeouts', () => {
    it('kill the worker: TimeoutError for the request, WorkerCrashedError for the others, then ClosedError', async () => {
      const supervisor = await start();
      const pid = supervisor.pid!;
      const looping = supervisor.execute('while true do end', { timeout: 300, instructionLimit: null });
      const queued = supervisor.execute('return 1');
      const error = await looping.catch((caught: unknown) => caught);
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect((error as TimeoutError).timeout).toBe(300);
      const other = await queued.catch((caught: unknown) => caught);
      expect(WorkerCrashedError.isInstance(other)).toBe(true);
      expect(isGone(pid)).toBe(true);
      expect(supervisor.state).toBe('dead');
      const later = await supervisor.execute('return 1').catch((caught: unknown) => caught);
      expect(ClosedError.isInstance(later)).toBe(true);
      expect((later as ClosedError).message).toContain('Lua state is gone');
    });

    it('with autoRestart, a fresh worker answers after onStart ran again', async () => {
      let starts = 0;
      const supervisor = await start({
        autoRestart: true,
        onStart: async (self) => {
          starts += 1;
          await self.execute(`generation = ${starts}`);
        },
      });
      const firstPid = supervisor.pid!;
      await supervisor.execute('leftover = true');
      const error = await supervisor
        .execute('while true do end', { timeout: 300, instructionLimit: null })
        .catch((caught: unknown) => caught);
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect(supervisor.state).toBe('restarting');
      // Requests made while the fresh worker starts wait for it and for its onStart.
      await expect(supervisor.getGlobal('generation')).resolves.toBe(2);
      await expect(supervisor.getGlobal('leftover')).resolves.toBeNull();
      expect(starts).toBe(2);
      expect(supervisor.state).toBe('ready');
      expect(supervisor.pid).not.toBe(firstPid);
      expect(isGone(firstPid)).toBe(true);
    });
  });

  describe('crashes', () => {
    it('a SIGSEGV fails pending requests at once with the signal, and leaves no zombie', async () => {
      const running = signalled();
      // No timeout: only the crash can end these requests.
      const supervisor = await start({ timeout: Infinity, onPrint: () => running.resolve() });
      const pid = supervisor.pid!;
      const looping = supervisor.execute('print("running") while true do end', { instructionLimit: null });
      const queued = supervisor.execute('return 1');
      await running.promise;
      process.kill(pid, 'SIGSEGV');
      const error = await looping.catch((caught: unknown) => caught);
      expect(WorkerCrashedError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ signal: 'SIGSEGV', exitCode: null });
      expect((error as WorkerCrashedError).message).toContain('SIGSEGV');
      const other = await queued.catch((caught: unknown) => caught);
      expect(WorkerCrashedError.isInstance(other)).toBe(true);
      expect(isGone(pid)).toBe(true);
      expect(supervisor.state).toBe('dead');
      expect(supervisor.pid).toBeUndefined();
    });

    it('a worker terminated from outside while idle makes later requests fail with ClosedError', async () => {
      const supervisor = await start();
      const pid = supervisor.pid!;
      process.kill(pid, 'SIGTERM');
      while (supervisor.state === 'ready') await new Promise((resolve) => setTimeout(resolve, 10));
      expect(supervisor.state).toBe('dead');
      const error = await supervisor.execute('return 1').catch((caught: unknown) => caught);
      expect(ClosedError.isInstance(error)).toBe(true);
      expect((error as ClosedError).cause).toMatchObject({ signal: 'SIGTERM' });
      expect(isGone(pid)).toBe(true);
    });
  });

  describe('abort', () => {
    it('an already aborted signal rejects at once and sends nothing', async () => {
      const supervisor = await start();
      const reason = new Error('changed my mind');
      const error = await supervisor.execute('ran = true', { signal: AbortSignal.abort(reason) }).catch((caught: unknown) => caught);
      expect(AbortError.isInstance(error)).toBe(true);
      expect((error as AbortError).cause).toBe(reason);
      await expect(supervisor.getGlobal('ran')).resolves.toBeNull();
    });

    it('a queued request leaves the queue; the others run', async () => {
      const entered = signalled();
      const gate = signalled();
      const supervisor = await start({
        callbacks: {
          hold: async () => {
            entered.resolve();
            await gate.promise;
            return 'held';
          },
        },
      });
      const first = supervisor.execute('return hold()');
      const controller = new AbortController();
      const second = supervisor.execute('ran = true', { signal: controller.signal });
      const third = supervisor.execute('return "third"');
      await entered.promise;
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      controller.abort();
      const error = await second.catch((caught: unknown) => caught);
      expect(AbortError.isInstance(error)).toBe(true);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      gate.resolve();
      await expect(first).resolves.toEqual(['held']);
      await expect(third).resolves.toEqual(['third']);
      await expect(supervisor.getGlobal('ran')).resolves.toBeNull();
    });

    it.runIf(interruptible)('a running request is interrupted; the same worker answers the next request', async () => {
      const running = signalled();
      const supervisor = await start({ timeout: Infinity, onPrint: () => running.resolve() });
      const pid = supervisor.pid!;
      await supervisor.execute('kept = "still here"');
      const controller = new AbortController();
      const looping = supervisor.execute('print("running") while true do pcall(function() while true do end end) end', {
        signal: controller.signal,
        instructionLimit: null,
      });
      const queued = supervisor.execute('return kept');
      await running.promise;
      const reason = new Error('stop it');
      controller.abort(reason);
      const error = await looping.catch((caught: unknown) => caught);
      expect(AbortError.isInstance(error)).toBe(true);
      expect((error as AbortError).cause).toBe(reason);
      await expect(queued).resolves.toEqual(['still here']);
      await expect(supervisor.execute('return 3')).resolves.toEqual([3]);
      expect(supervisor.pid).toBe(pid);
      expect(isGone(pid)).toBe(false);
    });

    it.runIf(!interruptible)('a running request is stopped by killing the worker, which restarts with autoRestart', async () => {
      const running = signalled();
      const supervisor = await start({ autoRestart: true, timeout: Infinity, onPrint: () => running.resolve() });
      const pid = supervisor.pid!;
      const controller = new AbortController();
      const looping = supervisor.execute('print("running") while true do end', { signal: controller.signal, instructionLimit: null });
      const queued = supervisor.execute('return 2');
      await running.promise;
      const reason = new Error('stop it');
      controller.abort(reason);
      const error = await looping.catch((caught: unknown) => caught);
      expect(AbortError.isInstance(error)).toBe(true);
      expect((error as AbortError).cause).toBe(reason);
      // The queued request never reached the killed worker: it runs on the fresh one.
      await expect(queued).resolves.toEqual([2]);
      expect(isGone(pid)).toBe(true);
      await expect(supervisor.execute('return 3')).resolves.toEqual([3]);
      expect(supervisor.pid).not.toBe(pid);
    });

    it('the abort listener is removed once the request settles', async () => {
      const supervisor = await start();
      const controller = new AbortController();
      await supervisor.execute('return 1', { signal: controller.signal });
      await supervisor.execute('error("x")', { signal: controller.signal }).catch(() => undefined);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });
  });

  describe('close', () => {
    it('rejects pending and queued requests with ClosedError and resolves once the worker is reaped', async () => {
      const entered = signalled();
      const supervisor = await start({
        callbacks: {
          hold: () => {
            entered.resolve();
            return new Promise<never>(() => undefined);
          },
        },
      });
      const pid = supervisor.pid!;
      const running = supervisor.execute('return hold()');
      const queued = supervisor.execute('return 1');
      await entered.promise;
      const closing = supervisor.close();
      expect(ClosedError.isInstance(await running.catch((caught: unknown) => caught))).toBe(true);
      expect(ClosedError.isInstance(await queued.catch((caught: unknown) => caught))).toBe(true);
      await closing;
      expect(isGone(pid)).toBe(true);
      expect(supervisor.state).toBe('closed');
    });

    it('is idempotent, and requests after it reject with ClosedError', async () => {
      const supervisor = await start();
      const closing = supervisor.close();
      expect(supervisor.close()).toBe(closing);
      await closing;
      await supervisor.close();
      for (const request of [supervisor.execute('return 1'), supervisor.call('f', []), supervisor.stats()]) {
        expect(ClosedError.isInstance(await request.catch((caught: unknown) => caught))).toBe(true);
      }
    });

    it('runs with await using', async () => {
      let pid: number;
      {
        await using supervisor = await start();
        pid = supervisor.pid!;
        await expect(supervisor.execute('return 1')).resolves.toEqual([1]);
      }
      expect(isGone(pid)).toBe(true);
    });
  });

  describe('onStart', () => {
    it('runs before any queued request, and its requests go first', async () => {
      // Bound outside onStart: a request from it is an ordinary top-level one, made by someone else.
      const fromElsewhere = AsyncResource.bind((self: Supervisor) => self.execute('order = (order or "") .. "queued;"'));
      let queued: Promise<unknown> | undefined;
      const supervisor = await start({
        onStart: async (self) => {
          queued = fromElsewhere(self);
          await self.execute('order = (order or "") .. "onStart;"');
        },
      });
      await queued;
      await expect(supervisor.getGlobal('order')).resolves.toBe('onStart;queued;');
    });
  });
});
