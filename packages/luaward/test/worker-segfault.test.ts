// A worker that dies in the middle of a request (here: SIGSEGV from outside) fails that request
// with WorkerCrashedError and leaves this process running. Without autoRestart the VM then says
// its Lua state is gone; with it, a fresh worker takes over and `init` runs again.
import { describe, expect, it } from 'vitest';

import { ClosedError, IsolatedLuaVM, WorkerCrashedError } from '../src/index.js';

import { gate, processExists, WORKER_KINDS } from './support.js';

/** A VM whose script can tell the test it is running (`running()`), and that counts its starts. */
async function crashableVM(worker: (typeof WORKER_KINDS)[number], autoRestart: boolean) {
  const started = gate();
  const boots = { count: 0 };
  const vm = await IsolatedLuaVM.create({
    worker,
    autoRestart,
    instructionLimit: Infinity,
    timeout: Infinity,
    init: 'booted()',
    callbacks: {
      booted: () => {
        boots.count += 1;
      },
      running: () => started.open(),
    },
  });
  return { vm, started: started.promise, boots };
}

describe.each(WORKER_KINDS)('a %s worker killed by SIGSEGV during a request', (worker) => {
  it('rejects the request with WorkerCrashedError (signal SIGSEGV), then the VM is closed', async () => {
    const { vm, started } = await crashableVM(worker, false);
    const { pid } = await vm.stats();
    await vm.execute('kept = "state"');
    const request = vm.execute('running(); while true do end');
    await started;
    process.kill(pid!, 'SIGSEGV');
    const error = await request.catch((e: unknown) => e);
    expect(WorkerCrashedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ signal: 'SIGSEGV', exitCode: null });
    expect(vm.closed).toBe(true);
    const later = await vm.getGlobal('kept').catch((e: unknown) => e);
    expect(ClosedError.isInstance(later)).toBe(true);
    expect((later as Error).message).toMatch(/worker died.*Lua state is gone/);
    await vm.close();
    expect(processExists(pid!)).toBe(false);
  });

  it('with autoRestart, starts a fresh worker that ran init again and lost the old state', async () => {
    const { vm, started, boots } = await crashableVM(worker, true);
    try {
      const { pid } = await vm.stats();
      await vm.execute('kept = "state"');
      expect(boots.count).toBe(1);
      const request = vm.execute('running(); while true do end');
      await started;
      process.kill(pid!, 'SIGSEGV');
      await expect(request).rejects.toSatisfy(WorkerCrashedError.isInstance);
      expect(await vm.execute('return 6 * 7')).toBe(42);
      expect(boots.count).toBe(2);
      expect(await vm.getGlobal('kept')).toBeNull();
      expect(vm.closed).toBe(false);
      const restarted = await vm.stats();
      expect(restarted.pid).not.toBe(pid);
      expect(processExists(pid!)).toBe(false);
    } finally {
      await vm.close();
    }
  });
});
