// Scripts that try to take all the memory they can fail with MemoryLimitError; the VM, its
// state and its worker carry on.
import { describe, expect, it } from 'vitest';

import { IsolatedLuaVM, MemoryLimitError } from '../src/index.js';

import { WORKER_KINDS } from './support.js';

const LIMIT = 8 * 1024 * 1024;

const BOMBS: readonly [string, string][] = [
  ['a table of ever more strings', 'local t = {}; for i = 1, math.maxinteger do t[i] = string.rep("x", 1000) .. i end'],
  ['one huge string.rep', 'return string.rep("x", 1 << 30)'],
  ['doubling concatenation', 'local s = "x"; while true do s = s .. s end'],
  [
    'a bomb inside pcall, retried',
    'for i = 1, 10 do pcall(function() local t = {}; for j = 1, math.maxinteger do t[j] = {} end end) end; return string.rep("y", 1 << 29)',
  ],
];

describe.each(WORKER_KINDS)('memory bombs on the %s worker', (worker) => {
  it.each(BOMBS)('%s fails with MemoryLimitError and the VM still works', async (_name, source) => {
    await using vm = await IsolatedLuaVM.create({ worker, memoryLimit: LIMIT, instructionLimit: Infinity });
    const { pid } = await vm.stats();
    await vm.execute('survivor = "still here"');
    const error = await vm.execute(source).catch((e: unknown) => e);
    expect(MemoryLimitError.isInstance(error), String(error)).toBe(true);
    expect((error as MemoryLimitError).limit).toBe(LIMIT);
    expect(await vm.getGlobal('survivor')).toBe('still here');
    expect(await vm.execute('local t = {}; for i = 1, 1000 do t[i] = i end; return #t')).toBe(1000);
    const stats = await vm.stats();
    expect(stats.pid).toBe(pid);
    expect(stats.memoryUsed).toBeLessThanOrEqual(LIMIT);
  });
});
