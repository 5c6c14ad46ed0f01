// The wall-clock timeout of a request kills the worker running it: TimeoutError for that
// request. Time spent queued behind another request does not count.
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { ClosedError, IsolatedLuaVM, TimeoutError, WorkerCrashedError } from '../src/index.js';

import { gate, processExists, WORKER_KINDS } from './support.js';

const LOOP = 'while true do end';

describe.each(WORKER_KINDS)('request timeouts on the %s worker', (worker) => {
  it('kill the worker at the VM timeout; without autoRestart the VM is then closed', async () => {
    await using vm = await IsolatedLuaVM.create({ worker, timeout: 1000, instructionLimit: Infinity });
    const { pid } = await vm.stats();
    const error = await vm.execute(LOOP).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).timeout).toBe(1000);
    expect(vm.closed).toBe(true);
    await expect(vm.execute('return 1')).rejects.toSatisfy(ClosedError.isInstance);
    await vm.close();
    expect(processExists(pid!)).toBe(false);
  });

  it('take a per-request timeout over the VM timeout, and restart with autoRestart', async () => {
    await using vm = await IsolatedLuaVM.create({ worker, timeout: Infinity, instructionLimit: Infinity, autoRestart: true });
    const error = await vm.execute(LOOP, { timeout: 200 }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).timeout).toBe(200);
    expect(await vm.execute('return "restarted"')).toBe('restarted');
  });

  it('leave the queued requests alone: under autoRestart they run on the fresh worker', async () => {
    await using vm = await IsolatedLuaVM.create({ worker, instructionLimit: Infinity, autoRestart: true });
    const stuck = vm.execute(LOOP, { timeout: 200 }).catch((e: unknown) => e);
    const queued = vm.execute('return "after"');
    expect(TimeoutError.isInstance(await stuck)).toBe(true);
    expect(await queued).toBe('after');
    expect(await vm.execute('return "after the restart"')).toBe('after the restart');
  });

  it('fail the queued requests without autoRestart: the VM is gone', async () => {
    await using vm = await IsolatedLuaVM.create({ worker, instructionLimit: Infinity });
    const stuck = vm.execute(LOOP, { timeout: 200 }).catch((e: unknown) => e);
    const queued = vm.execute('return "after"').catch((e: unknown) => e);
    expect(TimeoutError.isInstance(await stuck)).toBe(true);
    const error = await queued;
    expect(WorkerCrashedError.isInstance(error) || ClosedError.isInstance(error)).toBe(true);
    expect(vm.closed).toBe(true);
  });

  it('start counting only when the request reaches the worker', async () => {
    const release = gate();
    await using vm = await IsolatedLuaVM.create({ worker, callbacks: { hold: () => release.promise } });
    const first = vm.execute('hold(); return "first"', { timeout: 60_000 });
    const second = vm.execute('return "second"', { timeout: 3000 });
    await sleep(3500);
    release.open();
    expect(await first).toBe('first');
    expect(await second).toBe('second');
  });
});
