// A callback may call back into the same VM (vm.call inside the callback, even after awaits):
// the nested request runs at once instead of waiting behind the request that called the
// callback. Nesting is bounded by maxCallbackDepth; past it the script gets a clear Lua error.
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { IsolatedLuaVM, LuaRuntimeError } from '../src/index.js';

import { WORKER_KINDS } from './support.js';

/** A VM whose Lua `descend(n)` calls the host, which calls `descend(n - 1)` back: n + 1 callbacks nest. */
async function recursiveVM(worker: (typeof WORKER_KINDS)[number], maxCallbackDepth?: number): Promise<IsolatedLuaVM> {
  const vm: IsolatedLuaVM = await IsolatedLuaVM.create({
    worker,
    ...(maxCallbackDepth !== undefined && { maxCallbackDepth }),
    callbacks: {
      host_descend: async (n) => {
        await sleep(1);
        if (n === 0) return 'bottom';
        return `${n}>${(await vm.call('descend', (n as number) - 1)) as string}`;
      },
    },
  });
  await vm.execute('function descend(n) return host_descend(n) end');
  return vm;
}

describe.each(WORKER_KINDS)('callbacks calling back into the VM on the %s worker', (worker) => {
  it('nest up to the default depth of 8', async () => {
    await using vm = await recursiveVM(worker);
    expect(await vm.call('descend', 7)).toBe('7>6>5>4>3>2>1>bottom');
  });

  it('fail past maxCallbackDepth with a Lua error the script can catch', async () => {
    await using vm = await recursiveVM(worker, 3);
    expect(await vm.call('descend', 2)).toBe('2>1>bottom');
    const error = await vm.call('descend', 3).catch((e: unknown) => e);
    expect(LuaRuntimeError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/callback/i);
    const [ok, message] = await vm.execute('return pcall(descend, 3)', { results: 'all' });
    // The innermost call failed; each level above saw the failure of the one below.
    expect(ok).toBe(false);
    expect(message).toMatch(/callback/i);
    expect(await vm.call('descend', 1)).toBe('1>bottom');
  });

  it('keep the queue for other requests: a request made outside the callback waits its turn', async () => {
    const order: string[] = [];
    let vm!: IsolatedLuaVM;
    let outside: Promise<unknown> | undefined;
    vm = await IsolatedLuaVM.create({
      worker,
      callbacks: {
        step: async () => {
          // Made from inside the callback: nested, runs now.
          order.push(`nested: ${(await vm.execute('return "inner"')) as string}`);
          return 'done';
        },
      },
    });
    try {
      const first = vm.execute('return step()').then((value) => order.push(`first: ${value as string}`));
      outside = vm.execute('return "queued"').then((value) => order.push(`outside: ${value as string}`));
      await Promise.all([first, outside]);
      expect(order).toEqual(['nested: inner', 'first: done', 'outside: queued']);
    } finally {
      await vm.close();
    }
  });

  it('disable callbacks entirely with maxCallbackDepth 0', async () => {
    await using vm = await IsolatedLuaVM.create({ worker, maxCallbackDepth: 0, callbacks: { ping: () => 'pong' } });
    const [ok] = await vm.execute('return pcall(ping)', { results: 'all' });
    expect(ok).toBe(false);
  });
});
