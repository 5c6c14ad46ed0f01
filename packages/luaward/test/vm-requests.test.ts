// Every request of the VM, over each worker kind: results, values, errors, ordering, init,
// readiness and close.
import { describe, expect, it } from 'vitest';

import { ClosedError, IsolatedLuaVM, LuaRuntimeError, LuaSyntaxError, type LuaValue } from '../src/index.js';

import { childPids, processExists, WORKER_KINDS } from './support.js';

describe.each(WORKER_KINDS)('IsolatedLuaVM on the %s worker', (worker) => {
  it('resolves execute to the first result, undefined for none, or every result', async () => {
    await using vm = await IsolatedLuaVM.create({ worker });
    expect(await vm.execute('return 1, 2, 3')).toBe(1);
    expect(await vm.execute('local x = 1')).toBeUndefined();
    expect(await vm.execute('return nil')).toBeNull();
    expect(await vm.execute('return 1, nil, "three"', { results: 'all' })).toEqual([1, null, 'three']);
    expect(await vm.execute('return', { results: 'all' })).toEqual([]);
  });

  it('calls global functions with call and callWith', async () => {
    await using vm = await IsolatedLuaVM.create({ worker });
    await vm.execute('function divmod(a, b) return a // b, a % b end');
    expect(await vm.call('divmod', 17, 5)).toBe(3);
    expect(await vm.callWith('divmod', [17, 5], { results: 'all' })).toEqual([3, 2]);
    expect(await vm.callWith('divmod', [17, 5])).toBe(3);
    const missing = await vm.call('nowhere').catch((error: unknown) => error);
    expect(LuaRuntimeError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toMatch(/nowhere/);
  });

  it('carries every kind of value both ways unchanged', async () => {
    await using vm = await IsolatedLuaVM.create({ worker });
    await vm.execute('function echo(...) return ... end');
    const values: LuaValue[] = [
      null,
      true,
      false,
      0,
      -42,
      2 ** 53 - 1,
      2n ** 63n - 1n,
      -(2n ** 63n),
      1.5,
      -0,
      Infinity,
      -Infinity,
      'text with ünïcödé',
      '',
      new Uint8Array([0xff, 0x00, 0xfe]),
      [1, 'two', [3, [4]]],
      { name: 'x', nested: { list: [1, 2] } },
      new Map<LuaValue, LuaValue>([
        [1, 'one'],
        [3, 'three'],
        [true, 'yes'],
      ]),
    ];
    const back = await vm.callWith('echo', values, { results: 'all' });
    expect(back).toHaveLength(values.length);
    for (const [index, value] of values.entries()) {
      if (value instanceof Uint8Array) expect(new Uint8Array(back[index] as Uint8Array), `value ${index}`).toEqual(value);
      else expect(back[index], `value ${index}`).toEqual(value);
    }
    expect(Object.is(back[9], -0)).toBe(true);
    expect(Number.isNaN(await vm.execute('return 0/0'))).toBe(true);
    expect(await vm.execute('return {}')).toEqual({});
  });

  it('reads and writes globals, and tells functions from other values', async () => {
    await using vm = await IsolatedLuaVM.create({ worker });
    await vm.setGlobal('config', { depth: 3, tags: ['a', 'b'] });
    expect(await vm.execute('return config.depth + #config.tags')).toBe(5);
    expect(await vm.getGlobal('config')).toEqual({ depth: 3, tags: ['a', 'b'] });
    expect(await vm.getGlobal('undefined_global')).toBeNull();
    await vm.execute('function f() end; not_a_function = 1');
    expect(await vm.functionExists('f')).toBe(true);
    expect(await vm.functionExists('not_a_function')).toBe(false);
    expect(await vm.functionExists('missing')).toBe(false);
    await vm.setGlobal('config', null);
    expect(await vm.getGlobal('config')).toBeNull();
  });

  it('reports the worker pid, memory and the enforced memory limit in stats', async () => {
    await using vm = await IsolatedLuaVM.create({ worker, memoryLimit: 8 * 1024 * 1024 });
    await vm.execute('big = string.rep("x", 100000)');
    const stats = await vm.stats();
    expect(stats.memoryLimit).toBe(8 * 1024 * 1024);
    expect(stats.memoryUsed).toBeGreaterThan(100_000);
    expect(stats.memoryUsed).toBeLessThan(8 * 1024 * 1024);
    expect(Number.isSafeInteger(stats.instructions) && stats.instructions >= 0).toBe(true);
    expect(processExists(stats.pid!)).toBe(true);
    await using unlimited = await IsolatedLuaVM.create({ worker, memoryLimit: Infinity });
    expect((await unlimited.stats()).memoryLimit).toBeNull();
  });

  it('rejects a script that does not compile with LuaSyntaxError, locating it', async () => {
    await using vm = await IsolatedLuaVM.create({ worker });
    const error = await vm.execute('local x = 1\nreturn x +', { chunkName: 'bad.lua' }).catch((e: unknown) => e);
    expect(LuaSyntaxError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ chunkName: 'bad.lua', line: 2 });
    expect((error as Error).message).toMatch(/^bad\.lua:2: /);
  });

  it('rejects an uncaught Lua error with LuaRuntimeError, its place and its traceback', async () => {
    await using vm = await IsolatedLuaVM.create({ worker });
    const error = await vm.execute('local function inner() error("boom") end\ninner()', { chunkName: 'task' }).catch((e: unknown) => e);
    expect(LuaRuntimeError.isInstance(error)).toBe(true);
    expect((error as LuaRuntimeError).message).toBe('task:1: boom');
    expect((error as LuaRuntimeError).traceback).toMatch(/stack traceback:[\s\S]*task:1/);
    expect(await vm.execute('return "still usable"')).toBe('still usable');
  });

  it('runs requests one at a time, in the order they were made, each with its own result', async () => {
    await using vm = await IsolatedLuaVM.create({ worker });
    await vm.execute('log = {}');
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((letter) => vm.execute(`log[#log + 1] = "${letter}"; return table.concat(log)`)),
    );
    expect(results).toEqual(['a', 'ab', 'abc', 'abcd']);
  });

  it('waits for the worker when used straight after the constructor', async () => {
    const vm = new IsolatedLuaVM({ worker });
    try {
      expect(vm.closed).toBe(false);
      expect(await vm.execute('return "ready"')).toBe('ready');
    } finally {
      await vm.close();
    }
  });

  it('runs init before the first request', async () => {
    await using vm = await IsolatedLuaVM.create({ worker, init: 'function greet(name) return "Hello, " .. name end\nready = true' });
    expect(await vm.call('greet', 'init')).toBe('Hello, init');
    expect(await vm.getGlobal('ready')).toBe(true);
  });

  it('fails the start with the init script error, leaving no process behind', async () => {
    const before = childPids();
    const error = await IsolatedLuaVM.create({ worker, init: 'local x = nil\nreturn x.field' }).catch((e: unknown) => e);
    expect(LuaRuntimeError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^init:2: attempt to index a nil value/);
    expect(childPids()).toEqual(before);

    // Without create, the failure reaches every method.
    const vm = new IsolatedLuaVM({ worker, init: 'this is not Lua' });
    await expect(vm.execute('return 1')).rejects.toSatisfy(LuaSyntaxError.isInstance);
    expect(vm.closed).toBe(true);
    await vm.close();
    expect(childPids()).toEqual(before);
  });

  it('rejects pending and later requests with ClosedError once closed, and closes once', async () => {
    const vm = await IsolatedLuaVM.create({ worker, instructionLimit: Infinity });
    const { pid } = await vm.stats();
    const running = vm.execute('while true do end').catch((e: unknown) => e);
    const queued = vm.execute('return 1').catch((e: unknown) => e);
    const closing = vm.close();
    expect(vm.close()).toBe(closing);
    expect(vm.closed).toBe(true);
    await closing;
    expect(ClosedError.isInstance(await running)).toBe(true);
    expect(ClosedError.isInstance(await queued)).toBe(true);
    await expect(vm.execute('return 1')).rejects.toSatisfy(ClosedError.isInstance);
    await expect(vm.call('f')).rejects.toSatisfy(ClosedError.isInstance);
    expect(processExists(pid!)).toBe(false);
  });
});
