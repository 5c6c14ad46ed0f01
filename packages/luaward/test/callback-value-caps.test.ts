// What crosses in a callback's arguments and result is capped like any value: by
// maxValueSize (entries) and maxValueDepth (nesting). Past a cap the script gets a Lua error.
import { describe, expect, it } from 'vitest';

import { IsolatedLuaVM } from '../src/index.js';

import { WORKER_KINDS } from './support.js';

describe.each(WORKER_KINDS)('callback values on the %s worker', (worker) => {
  it('cap the entries of an argument table', async () => {
    let calls = 0;
    await using vm = await IsolatedLuaVM.create({
      worker,
      maxValueSize: 100,
      callbacks: {
        count: (t) => {
          calls += 1;
          return (t as unknown[]).length;
        },
      },
    });
    expect(await vm.execute('local t = {}; for i = 1, 100 do t[i] = i end; return count(t)')).toBe(100);
    const [ok, message] = await vm.execute('local t = {}; for i = 1, 101 do t[i] = i end; return pcall(count, t)', { results: 'all' });
    expect(ok).toBe(false);
    expect(message).toMatch(/100/);
    expect(calls).toBe(1);
  });

  it("check each argument on its own, and their number is bounded by Lua's stack", async () => {
    let calls = 0;
    await using vm = await IsolatedLuaVM.create({
      worker,
      maxValueSize: 100,
      callbacks: {
        count: (...args) => {
          calls += 1;
          return args.length;
        },
      },
    });
    await vm.execute('small = {}; for i = 1, 5000 do small[i] = i end; big = {}; for i = 1, 101 do big[i] = i end');
    expect(await vm.execute('return count(table.unpack(small))')).toBe(5000);
    const [ok, message] = await vm.execute('return pcall(count, 1, 2, big)', { results: 'all' });
    expect(ok).toBe(false);
    expect(message).toMatch(/100/);
    const [unpacked, why] = await vm.execute('return pcall(function() return count(table.unpack(small, 1, 10000000)) end)', {
      results: 'all',
    });
    expect(unpacked).toBe(false);
    expect(why).toMatch(/too many results/);
    expect(calls).toBe(1);
  });

  it('refuse a result larger than a frame may carry', async () => {
    await using vm = await IsolatedLuaVM.create({ worker, memoryLimit: Infinity, callbacks: { huge: () => 'x'.repeat(65 * 1024 * 1024) } });
    const [ok, message] = await vm.execute('return pcall(huge)', { results: 'all' });
    expect(ok).toBe(false);
    expect(message).toMatch(/bytes/);
    expect(await vm.execute('return "usable"')).toBe('usable');
  });

  it('cap the nesting of an argument', async () => {
    await using vm = await IsolatedLuaVM.create({ worker, maxValueDepth: 4, callbacks: { take: () => 'taken' } });
    expect(await vm.execute('return take({{{{}}}})')).toBe('taken');
    const [ok, message] = await vm.execute('return pcall(take, {{{{{}}}}})', { results: 'all' });
    expect(ok).toBe(false);
    expect(message).toMatch(/4/);
  });

  it('cap the size of a result', async () => {
    await using vm = await IsolatedLuaVM.create({
      worker,
      maxValueSize: 100,
      callbacks: { make: (n) => Array.from({ length: n as number }, (_, i) => i) },
    });
    expect(await vm.execute('return #make(100)')).toBe(100);
    const [ok, message] = await vm.execute('return pcall(make, 101)', { results: 'all' });
    expect(ok).toBe(false);
    expect(message).toMatch(/conver|entries|size|100/i);
  });

  it('refuse a result that has no Lua form', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await using vm = await IsolatedLuaVM.create({
      worker,
      callbacks: { fn: () => (() => 1) as never, cycle: () => cyclic as never },
    });
    for (const name of ['fn', 'cycle']) {
      const [ok, message] = await vm.execute(`return pcall(${name})`, { results: 'all' });
      expect(ok, name).toBe(false);
      expect(typeof message, name).toBe('string');
    }
    expect(await vm.execute('return 1')).toBe(1);
  });
});
