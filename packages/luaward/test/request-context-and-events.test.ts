// Every request ends within a bound, its callbacks know it, and a VM tells what
// happens to its worker: an abort escalates from interrupt to kill, callbacks run
// in their request's async context with its signal and context value, requests
// queued behind a timeout run on the restarted worker, and `exit` / `restart`
// events and `pid` follow the worker.
import { AsyncLocalStorage } from 'node:async_hooks';

import { describe, expect, it } from 'vitest';

import { AbortError, IsolatedLuaVM, LuaRuntimeError, TimeoutError, currentRequest } from '../src/index.js';

import { gate } from './support.js';

/**
 * A single C call no interrupt reaches: only the kill ends it. gsub matches the leading "c" at
 * once and calls `running` (from Lua, inside the call), then tries the pattern at every later
 * position, for minutes.
 */
const CATASTROPHIC = 'return (string.gsub("c" .. string.rep("a", 200000), ".-.-.-.-c", function() running() end))';

describe('an aborted request that does not stop', () => {
  it('is ended by killing the worker after abortGracePeriod, still as AbortError; autoRestart brings a fresh worker', async () => {
    const started = gate();
    await using vm = await IsolatedLuaVM.create({
      autoRestart: true,
      abortGracePeriod: 200,
      timeout: 60_000,
      init: 'booted = true',
      callbacks: { running: () => started.open() },
    });
    const events: string[] = [];
    vm.on('exit', ({ error }) => events.push(`exit ${error.name}`));
    const restarted = new Promise<number | undefined>((resolve) => vm.once('restart', ({ pid }) => resolve(pid)));
    const pid = vm.pid;
    const controller = new AbortController();
    const reason = new Error('the caller left');
    const request = vm.execute(CATASTROPHIC, { signal: controller.signal });
    await started.promise;
    // Let the replacement function return, so that the worker is inside the C call.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const abortedAt = Date.now();
    controller.abort(reason);
    const error = await request.catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as AbortError).cause).toBe(reason);
    // Within the grace period and the kill, far from the 60 s timeout.
    expect(Date.now() - abortedAt).toBeLessThan(5_000);
    const freshPid = await restarted;
    expect(freshPid).not.toBe(pid);
    expect(vm.pid).toBe(freshPid);
    expect(events).toEqual(['exit WorkerCrashedError']);
    expect(await vm.execute('return booted')).toBe(true);
  });

  it('keeps the worker when the interrupt stops the request within the grace period', async () => {
    const started = gate();
    await using vm = await IsolatedLuaVM.create({ instructionLimit: Infinity, callbacks: { running: () => started.open() } });
    const pid = vm.pid;
    const controller = new AbortController();
    const request = vm.execute('running() while true do end', { signal: controller.signal });
    await started.promise;
    controller.abort();
    await expect(request).rejects.toSatisfy(AbortError.isInstance);
    expect(vm.pid).toBe(pid);
  });
});

describe('abortGracePeriod: 0', () => {
  it('kills the worker at once instead of interrupting', async () => {
    const started = gate();
    await using vm = await IsolatedLuaVM.create({
      autoRestart: true,
      abortGracePeriod: 0,
      instructionLimit: Infinity,
      callbacks: { running: () => started.open() },
    });
    const pid = vm.pid;
    const restarted = new Promise<void>((resolve) => vm.once('restart', () => resolve()));
    const controller = new AbortController();
    const request = vm.execute('running() while true do end', { signal: controller.signal });
    await started.promise;
    controller.abort();
    await expect(request).rejects.toSatisfy(AbortError.isInstance);
    await restarted;
    expect(vm.pid).not.toBe(pid);
  });
});

describe('an event listener that throws', () => {
  it('is reported as a process warning; the VM carries on', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const vm = await IsolatedLuaVM.create();
      vm.on('exit', () => {
        throw new Error('a broken logger');
      });
      expect(await vm.execute('return 1')).toBe(1);
      await vm.close();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.message)).toEqual(['onWorkerEvent threw: a broken logger']);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('host callbacks', () => {
  it('run in the async context of the call that made the request, with its context value', async () => {
    const tenant = new AsyncLocalStorage<string>();
    const seen: unknown[] = [];
    await using vm = await IsolatedLuaVM.create({
      callbacks: {
        whoami: async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          seen.push([tenant.getStore(), currentRequest()?.context]);
          return tenant.getStore() ?? null;
        },
      },
    });
    await vm.execute('function ask() return whoami() end');
    const answers = await Promise.all([
      tenant.run('acme', () => vm.callWith('ask', [], { context: { plan: 'gold' } })),
      tenant.run('globex', () => vm.callWith('ask', [], { context: { plan: 'free' } })),
    ]);
    expect(answers).toEqual(['acme', 'globex']);
    expect(seen).toEqual([
      ['acme', { plan: 'gold' }],
      ['globex', { plan: 'free' }],
    ]);
    expect(currentRequest()).toBeUndefined();
  });

  it("get their request's signal, aborted when the request is aborted or times out", async () => {
    const signals: AbortSignal[] = [];
    await using vm = await IsolatedLuaVM.create({
      autoRestart: true,
      callbacks: {
        slow: () =>
          new Promise((resolve) => {
            const { signal } = currentRequest()!;
            signals.push(signal);
            const timer = setTimeout(resolve, 10_000);
            signal.addEventListener('abort', () => clearTimeout(timer));
          }),
      },
    });
    const controller = new AbortController();
    const aborted = vm.execute('return slow()', { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error('user left'));
    await expect(aborted).rejects.toSatisfy(AbortError.isInstance);
    expect(signals[0]!.aborted).toBe(true);
    expect(AbortError.isInstance(signals[0]!.reason)).toBe(true);

    const timedOut = vm.execute('return slow()', { timeout: 100 });
    await expect(timedOut).rejects.toSatisfy(TimeoutError.isInstance);
    expect(signals[1]!.aborted).toBe(true);
    expect(TimeoutError.isInstance(signals[1]!.reason)).toBe(true);
  });
});

describe('a request that times out under autoRestart', () => {
  it('fails alone: the requests queued behind it run on the restarted worker', async () => {
    await using vm = await IsolatedLuaVM.create({ autoRestart: true, instructionLimit: Infinity, init: 'base = 40' });
    const stuck = vm.execute('while true do end', { timeout: 200 });
    const queued = [vm.execute('return base + 1'), vm.execute('return base + 2')];
    await expect(stuck).rejects.toSatisfy(TimeoutError.isInstance);
    expect(await Promise.all(queued)).toEqual([41, 42]);
  });
});

describe('the init script', () => {
  it('has the chunk name initChunkName in its errors', async () => {
    const error = await IsolatedLuaVM.create({ init: 'local x = nil\nx.field = 1', initChunkName: 'boot.lua' }).catch((e: unknown) => e);
    expect(LuaRuntimeError.isInstance(error)).toBe(true);
    expect((error as LuaRuntimeError).message).toMatch(/^boot\.lua:2: attempt to index a nil value/);
    expect((error as LuaRuntimeError).chunkName).toBe('boot.lua');
  });
});
