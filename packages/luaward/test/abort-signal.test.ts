// An AbortSignal stops a request wherever it is: already aborted (rejects at once), queued
// (dropped without running), running (the native worker interrupts the script and keeps its
// process and Lua state; the Node worker is killed and, with autoRestart, replaced).
import { describe, expect, it } from 'vitest';

import { AbortError, ClosedError, IsolatedLuaVM, type WorkerKind } from '../src/index.js';

import { gate, processExists, WORKER_KINDS } from './support.js';

/** How each worker kind stops a running request: only the native worker can interrupt one. */
const STOPS_RUNNING_REQUEST: Record<WorkerKind, 'interrupt' | 'kill'> = { native: 'interrupt', node: 'kill' };

describe.each(WORKER_KINDS)('AbortSignal on the %s worker', (worker) => {
  it('rejects at once when already aborted, with the reason as cause; nothing runs', async () => {
    await using vm = await IsolatedLuaVM.create({ worker });
    const reason = new Error('user left');
    const error = await vm.execute('ran = true', { signal: AbortSignal.abort(reason) }).catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(reason);
    expect(await vm.getGlobal('ran')).toBeNull();
  });

  it('drops a queued request without running it', async () => {
    const release = gate();
    await using vm = await IsolatedLuaVM.create({ worker, callbacks: { hold: () => release.promise } });
    const first = vm.execute('hold(); return "first"');
    const controller = new AbortController();
    const queued = vm.execute('ran = true', { signal: controller.signal });
    controller.abort(new Error('changed my mind'));
    await expect(queued).rejects.toSatisfy(AbortError.isInstance);
    release.open();
    expect(await first).toBe('first');
    expect(await vm.getGlobal('ran')).toBeNull();
  });

  // A running request: the native worker interrupts the script and keeps its process and Lua
  // state; the Node worker cannot interrupt a script, so it is killed (docs/isolated-vm.md).
  const stopsBy = STOPS_RUNNING_REQUEST[worker];

  /** Starts a script that never ends unless the abort stops it, even from inside `pcall`. */
  async function abortWhileRunning(vm: IsolatedLuaVM, started: { promise: Promise<void> }): Promise<{ error: unknown; reason: Error }> {
    const controller = new AbortController();
    const request = vm.execute('running(); local ok, e = pcall(function() while true do end end); return "swallowed: " .. tostring(e)', {
      signal: controller.signal,
    });
    await started.promise;
    const reason = new Error('stop');
    controller.abort(reason);
    return { error: await request.catch((e: unknown) => e), reason };
  }

  it(`stops a running request (${stopsBy}); with autoRestart the VM answers afterwards`, async () => {
    const started = gate();
    await using vm = await IsolatedLuaVM.create({
      worker,
      autoRestart: true,
      instructionLimit: Infinity,
      timeout: Infinity,
      callbacks: { running: () => started.open() },
    });
    await vm.execute('kept = "set before the abort"');
    const before = (await vm.stats()).pid;
    expect(before).toBeGreaterThan(0);

    const { error, reason } = await abortWhileRunning(vm, started);
    expect(AbortError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).cause).toBe(reason);
    expect(await vm.execute('return "answering"')).toBe('answering');

    const after = (await vm.stats()).pid;
    if (stopsBy === 'interrupt') {
      expect(after, 'the same worker process').toBe(before);
      expect(await vm.getGlobal('kept'), 'the Lua state survives').toBe('set before the abort');
    } else {
      expect(after, 'a fresh worker process').toBeGreaterThan(0);
      expect(after, 'a fresh worker process').not.toBe(before);
      expect(processExists(before!), 'the killed worker is gone').toBe(false);
      expect(await vm.getGlobal('kept'), 'the Lua state is gone').toBeNull();
    }
  });

  it(`stops a running request (${stopsBy}) without autoRestart: ${stopsBy === 'interrupt' ? 'the VM stays open' : 'the VM is closed'}`, async () => {
    const started = gate();
    await using vm = await IsolatedLuaVM.create({
      worker,
      instructionLimit: Infinity,
      timeout: Infinity,
      callbacks: { running: () => started.open() },
    });
    await vm.execute('kept = "set before the abort"');
    const before = (await vm.stats()).pid;

    const { error } = await abortWhileRunning(vm, started);
    expect(AbortError.isInstance(error), String(error)).toBe(true);
    if (stopsBy === 'interrupt') {
      expect(vm.closed).toBe(false);
      expect((await vm.stats()).pid).toBe(before);
      expect(await vm.getGlobal('kept')).toBe('set before the abort');
    } else {
      expect(vm.closed).toBe(true);
      await expect(vm.execute('return 1')).rejects.toSatisfy(ClosedError.isInstance);
      expect(processExists(before!)).toBe(false);
    }
  });

  it('leaves a request that finished before the abort alone', async () => {
    await using vm = await IsolatedLuaVM.create({ worker });
    const controller = new AbortController();
    expect(await vm.execute('return 1', { signal: controller.signal })).toBe(1);
    controller.abort();
    expect(await vm.execute('return 2', { signal: AbortSignal.timeout(60_000) })).toBe(2);
  });
});
