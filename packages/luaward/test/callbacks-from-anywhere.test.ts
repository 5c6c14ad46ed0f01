// A host callback works wherever Lua can call a function: the main chunk, a function the host
// called, a table.sort comparator, a string.gsub replacement, metamethods and coroutines; sync
// and async alike.
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IsolatedLuaVM, type LuaCallback } from '../src/index.js';

import { WORKER_KINDS } from './support.js';

const twiceSync: LuaCallback = (x) => (x as number) * 2;
const twiceAsync: LuaCallback = async (x) => {
  await sleep(1);
  return (x as number) * 2;
};

const PLACES: readonly [string, string, unknown][] = [
  ['the main chunk', 'return twice(21)', 42],
  [
    'a table.sort comparator',
    'local t = {3, 1, 2}; table.sort(t, function(a, b) return twice(a) > twice(b) end); return table.concat(t, ",")',
    '3,2,1',
  ],
  ['a string.gsub replacement function', 'return (string.gsub("a1b2", "%d", function(d) return twice(tonumber(d)) end))', 'a2b4'],
  ['an __index metamethod', 'local t = setmetatable({}, { __index = function(_, k) return twice(k) end }); return t[21]', 42],
  [
    'an __add metamethod',
    'local mt = { __add = function(a, b) return twice(a.v + b.v) end }; return setmetatable({ v = 10 }, mt) + setmetatable({ v = 11 }, mt)',
    42,
  ],
  [
    'a coroutine, across a yield',
    'local co = coroutine.wrap(function(x) local y = coroutine.yield(twice(x)); return twice(y) end); local first = co(20); return first + co(1)',
    42,
  ],
  ['the callback itself, as a metamethod', 'return setmetatable({}, { __call = function(_, x) return twice(x) end })(21)', 42],
];

describe.each(WORKER_KINDS)('callbacks on the %s worker', (worker) => {
  describe.each([
    ['sync', twiceSync],
    ['async', twiceAsync],
  ] as const)('%s', (_mode, twice) => {
    let vm: IsolatedLuaVM;
    beforeAll(async () => {
      vm = await IsolatedLuaVM.create({ worker, libs: ['base', 'string', 'table', 'math', 'coroutine'], callbacks: { twice } });
    });
    afterAll(() => vm.close());

    it.each(PLACES)('work from %s', async (_place, source, expected) => {
      expect(await vm.execute(source)).toEqual(expected);
    });

    it('work from a function the host called', async () => {
      await vm.execute('function via_host(x) return twice(x) + 0 end');
      expect(await vm.call('via_host', 21)).toBe(42);
    });
  });

  it('receive every argument converted, and give back exactly one value (undefined is nil)', async () => {
    const received: unknown[][] = [];
    await using vm = await IsolatedLuaVM.create({
      worker,
      callbacks: {
        record: (...args) => {
          received.push(args);
        },
        nothing: () => undefined,
        explicit_nil: () => null,
        make_table: async () => ({ list: [1, 2, 3], name: 'from JS' }),
      },
    });
    expect(
      await vm.execute('record(1, "two", { 3, 4 }, { k = true }, 2.5); return select("#", nothing()), select("#", explicit_nil())', {
        results: 'all',
      }),
    ).toEqual([1, 1]);
    expect(received).toEqual([[1, 'two', [3, 4], { k: true }, 2.5]]);
    expect(await vm.execute('local t = make_table(); return t.name .. ":" .. #t.list')).toBe('from JS:3');
  });
});
