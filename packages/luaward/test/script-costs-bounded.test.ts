// What a script sends back is bounded by its own limits, not only by
// maxValueSize: a small VM cannot make the host build a huge value out of
// shared references or return more results than its memory holds, nor hand
// over tracebacks and chunk names of any length, nor pass its errors off as
// the init script's.
import { describe, expect, it } from 'vitest';

import { ConversionError, IsolatedLuaVM, LuaRuntimeError, MemoryLimitError } from '../src/index.js';

const MiB = 1024 * 1024;

/** A 999 x 1000 grid whose every cell is the same small table: 47 KB in Lua, a million values on the host. */
const GRID = 'local cell = {} local row = {} for i = 1, 1000 do row[i] = cell end local grid = {} for i = 1, 999 do grid[i] = row end';

describe('a value made of shared references', () => {
  it('is refused as a result once its copies would outgrow the memory limit', async () => {
    await using vm = await IsolatedLuaVM.create({ memoryLimit: MiB });
    const error = await vm.execute(`${GRID} return grid`).catch((e: unknown) => e);
    expect(ConversionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^the table entries of the value \(16 bytes each, a shared table counted wherever it appears\) add up to more than the memory limit \(1048576 bytes\) at results\[1\]\[\d+\]$/,
    );
    // The same rows, unshared, fit: the cap follows the memory limit, not the count.
    expect(await vm.execute('local row = {} for i = 1, 1000 do row[i] = i end return { row, row }')).toHaveLength(2);
  });

  it('is refused as callback arguments before the callback runs', async () => {
    let calls = 0;
    await using vm = await IsolatedLuaVM.create({ memoryLimit: MiB, callbacks: { take: () => void (calls += 1) } });
    const error = await vm.execute(`${GRID} take(grid)`).catch((e: unknown) => e);
    expect(LuaRuntimeError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/bad argument to callback 'take': the table entries of the value .* at args\[1\]\[\d+\]/);
    expect(calls).toBe(0);
  });
});

describe('the number of results', () => {
  it('is bounded by the memory limit: each result takes a 16-byte stack slot of the VM', async () => {
    await using vm = await IsolatedLuaVM.create({ memoryLimit: MiB });
    await vm.execute('function many(n) local t = {} for i = 1, n do t[i] = true end return table.unpack(t) end');
    expect(await vm.callWith('many', [10_000], { results: 'all' })).toHaveLength(10_000);
    await expect(vm.callWith('many', [100_000], { results: 'all' })).rejects.toSatisfy(MemoryLimitError.isInstance);
  });
});

describe('the text of an error', () => {
  it('has its traceback and chunk name cut, however long the script makes them', async () => {
    await using vm = await IsolatedLuaVM.create();
    const script =
      'local name = string.rep("n", 10 * 1024 * 1024) local f = load("local function g() error(string.rep(\'x\', 20 * 1024 * 1024)) end g()", name) f()';
    const error = (await vm.execute(script).catch((e: unknown) => e)) as LuaRuntimeError;
    expect(LuaRuntimeError.isInstance(error)).toBe(true);
    // Cut like the message: 4096 characters and a note of how much more there was.
    expect(error.chunkName!.length).toBeLessThanOrEqual(4096 + 64);
    expect(error.traceback!.length).toBeLessThanOrEqual(4096 + 64);
    expect(error.message.length).toBeLessThanOrEqual(4096 + 64);
  });

  it('cannot claim to come from the init script', async () => {
    await using vm = await IsolatedLuaVM.create({ init: 'ready = true' });
    const error = (await vm.execute('load("error(\'forged\')", "=init")()').catch((e: unknown) => e)) as LuaRuntimeError;
    expect(error.chunkName).toBe('[string "init"]');
    expect(error.message).toBe('[string "init"]:1: forged');
  });
});
