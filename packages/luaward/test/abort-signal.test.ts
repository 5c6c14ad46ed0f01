// An AbortSignal stops a request wherever it is: already aborted (rejects at once), queued
// (dropped without running), running (the worker is stopped).
import { describe, expect, it } from 'vitest';

import { AbortError, IsolatedLuaVM } from '../src/index.js';

import { gate, WORKER_KINDS } from './support.js';

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

  it('stops a running request; with autoRestart the VM answers afterwards', async () => {
    const started = gate();
    await using vm = await IsolatedLuaVM.create({
      worker,
      autoRestart: true,
      instructionLimit: Infinity,
      timeout: Infinity,
      callbacks: { running: () => started.open() },
    });
    const controller = new AbortController();
    const request = vm.execute('running(); while true do end', { signal: controller.signal });
    await started.promise;
    const reason = new Error('stop');
    controller.abort(reason);
    const error = await request.catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(reason);
    expect(await vm.execute('return "answering"')).toBe('answering');
  });

  it('leaves a request that finished before the abort alone', async () => {
    await using vm = await IsolatedLuaVM.create({ worker });
    const controller = new AbortController();
    expect(await vm.execute('return 1', { signal: controller.signal })).toBe(1);
    controller.abort();
    expect(await vm.execute('return 2', { signal: AbortSignal.timeout(60_000) })).toBe(2);
  });
});
