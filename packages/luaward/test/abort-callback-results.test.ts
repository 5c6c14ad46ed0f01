// A request aborted while it waits for an async callback never resolves,
// whichever way the callback's result reaches Lua: a tail call hands it
// straight back to the host with no Lua instruction after it, so the stop
// must be decided where the request ends, not only at the next instruction.
import { describe, expect, it } from 'vitest';

import { AbortError, IsolatedLuaVM } from '../src/index.js';

/** Each script calls `slow()` (an async callback answering 300 ms later) in its own way. */
const PATHS: Record<string, string> = {
  'a tail call': 'function run() return slow() end',
  'a local': 'function run() local v = slow() return v end',
  pcall: 'function run() return pcall(slow) end',
  'a tail-called pcall result': 'function run() local ok, v = pcall(slow) return v end',
  'an __index metamethod': 'function run() local t = setmetatable({}, { __index = function() return slow() end }) return t.x end',
  'an __add metamethod': 'function run() local t = setmetatable({}, { __add = function() return slow() end }) return t + 1 end',
  'a generic for iterator':
    'function run() local n = 0 for v in function(_, last) if last then return nil end return slow() end do n = n + 1 end return n end',
  'a table.sort comparator': 'function run() local t = { 3, 1, 2 } table.sort(t, function(a, b) slow() return a < b end) return t end',
  'string.gsub with a function': 'function run() return (string.gsub("a", "a", function() return slow() end)) end',
};

describe('a request aborted while an async callback runs', () => {
  it.each(Object.entries(PATHS))('rejects with AbortError when the result goes through %s', async (_, script) => {
    await using vm = await IsolatedLuaVM.create({
      callbacks: { slow: () => new Promise((resolve) => setTimeout(() => resolve('late'), 300)) },
    });
    await vm.execute(script);
    const controller = new AbortController();
    const reason = new Error('caller left');
    setTimeout(() => controller.abort(reason), 50);
    const error = await vm.callWith('run', [], { signal: controller.signal }).catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(reason);
    // The worker was interrupted, not replaced: the Lua state is kept.
    expect(await vm.execute('return type(run)')).toBe('function');
  });
});
