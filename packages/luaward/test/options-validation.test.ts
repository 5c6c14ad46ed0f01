// Bad options are refused at once with an error naming the option and its unit, before any
// worker is spawned; bad request arguments reject (methods never throw).
import { describe, expect, it } from 'vitest';

import { IsolatedLuaVM, type IsolatedLuaVMOptions } from '../src/index.js';

import { childPids } from './support.js';

describe('IsolatedLuaVM options', () => {
  it.each<[string, unknown, ErrorConstructor, RegExp]>([
    ['memoryLimit', 0, RangeError, /^memoryLimit must be a positive integer number of bytes, or Infinity$/],
    ['memoryLimit', '10MB', TypeError, /^memoryLimit must be a positive integer number of bytes/],
    ['memoryLimit', 1.5, RangeError, /memoryLimit/],
    ['instructionLimit', -1, RangeError, /^instructionLimit must be a positive integer number of instructions, or Infinity$/],
    ['outputLimit', NaN, RangeError, /^outputLimit must be a non-negative integer number of bytes, or Infinity$/],
    ['timeout', 0, RangeError, /^timeout must be a positive number of milliseconds up to 2147483647, or Infinity$/],
    ['timeout', 2 ** 31, RangeError, /^timeout must be a positive number of milliseconds/],
    ['startupTimeout', '1s', TypeError, /^startupTimeout must be a positive number of milliseconds/],
    ['closeTimeout', -5, RangeError, /^closeTimeout must be a non-negative number of milliseconds/],
    ['libs', 'math', TypeError, /^libs must be an array of library names$/],
    ['libs', ['base', 'os'], RangeError, /^libs: unknown library 'os' \(allowed: base, string, table, math, utf8, coroutine\)$/],
    ['libs', ['string'], RangeError, /^libs must include 'base'$/],
    ['callbacks', () => 1, TypeError, /^callbacks must be an object mapping global names to functions$/],
    ['callbacks', { 'not-a-name': () => 1 }, RangeError, /^callbacks: 'not-a-name' is not a Lua identifier$/],
    ['callbacks', { end: () => 1 }, RangeError, /^callbacks: 'end' is a Lua keyword$/],
    ['callbacks', { answer: 42 }, TypeError, /^callbacks\.answer must be a function$/],
    ['onPrint', 'stdout', TypeError, /^onPrint must be a function$/],
    ['autoRestart', 1, TypeError, /^autoRestart must be a boolean$/],
    ['init', 42, TypeError, /^init must be a string of Lua source$/],
    ['worker', 'wasm', TypeError, /^worker must be 'native' or 'node'$/],
    ['maxValueDepth', 251, RangeError, /^maxValueDepth must be an integer number of nesting levels from 1 to 250$/],
    ['maxValueSize', 0, RangeError, /^maxValueSize must be a positive integer number of table entries, or Infinity$/],
    ['maxCallbackDepth', 16, RangeError, /^maxCallbackDepth must be an integer number of nested callbacks from 0 to 15$/],
  ])('refuses %s = %j', (option, value, ErrorClass, message) => {
    const before = childPids();
    const options = { [option]: value } as IsolatedLuaVMOptions;
    expect(() => new IsolatedLuaVM(options)).toThrow(ErrorClass);
    expect(() => new IsolatedLuaVM(options)).toThrow(message);
    expect(childPids()).toEqual(before);
  });

  it('refuses unknown options and non-objects', () => {
    expect(() => new IsolatedLuaVM({ memorylimit: 1024 } as IsolatedLuaVMOptions)).toThrow(
      /^unknown option 'memorylimit' \(known: memoryLimit, /,
    );
    expect(() => new IsolatedLuaVM('fast' as IsolatedLuaVMOptions)).toThrow(/^options must be an object$/);
  });

  it('rejects from create instead of throwing', async () => {
    const created = IsolatedLuaVM.create({ memoryLimit: -1 });
    await expect(created).rejects.toThrow(RangeError);
  });

  it('takes Infinity for every limit that allows none, maxValueSize and closeTimeout included', async () => {
    await using vm = await IsolatedLuaVM.create({
      memoryLimit: Infinity,
      outputLimit: Infinity,
      maxValueSize: Infinity,
      closeTimeout: Infinity,
    });
    expect((await vm.stats()).memoryLimit).toBeNull();
    expect(await vm.execute('local t = {} for i = 1, 3 do t[i] = i end return t')).toEqual([1, 2, 3]);
  });

  it('treats undefined as the default', async () => {
    await using vm = await IsolatedLuaVM.create({ memoryLimit: undefined, timeout: undefined, callbacks: undefined });
    expect((await vm.stats()).memoryLimit).toBe(64 * 1024 * 1024);
  });

  it('refuses a callback name that would replace a sandbox global when the worker starts', async () => {
    const before = childPids();
    await expect(IsolatedLuaVM.create({ callbacks: { print: () => undefined } })).rejects.toThrow(/print/);
    expect(childPids()).toEqual(before);
  });
});

describe('request arguments', () => {
  it('reject with an error naming what was wrong', async () => {
    await using vm = await IsolatedLuaVM.create();
    await expect(vm.execute(42 as unknown as string)).rejects.toThrow(/^code must be a string or a Uint8Array of Lua source$/);
    await expect(vm.execute('return 1', { timeout: -1 })).rejects.toThrow(RangeError);
    await expect(vm.execute('return 1', { instructionLimit: 0 })).rejects.toThrow(/^instructionLimit must be a positive integer/);
    await expect(vm.execute('return 1', { chunkName: '' })).rejects.toThrow(
      /^chunkName must be a non-empty string without NUL characters$/,
    );
    await expect(vm.execute('return 1', { results: 'some' as 'all' })).rejects.toThrow(/^results must be 'first' or 'all'$/);
    await expect(vm.execute('return 1', { signal: {} as AbortSignal })).rejects.toThrow(/^signal must be an AbortSignal$/);
    await expect(vm.execute('return 1', { chunk: 'x' } as object)).rejects.toThrow(/^unknown option 'chunk'/);
    await expect(vm.callWith('f', [], { chunkName: 'x' } as object)).rejects.toThrow(/^unknown option 'chunkName'/);
    await expect(vm.call('')).rejects.toThrow(/^name must be a non-empty string without NUL characters$/);
    await expect(vm.callWith('f', 'args' as unknown as [])).rejects.toThrow(/^args must be an array of values$/);
    await expect(vm.getGlobal('a\0b')).rejects.toThrow(TypeError);
    await expect(vm.functionExists(7 as unknown as string)).rejects.toThrow(TypeError);
    // The VM is untouched by refused requests.
    expect(await vm.execute('return 1 + 1')).toBe(2);
  });

  it('reject a value that cannot cross into Lua with ConversionError', async () => {
    await using vm = await IsolatedLuaVM.create();
    await vm.execute('function id(x) return x end');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(vm.call('id', cyclic as never)).rejects.toMatchObject({ code: 'ERR_LUAWARD_CONVERSION' });
    await expect(vm.call('id', (() => 1) as never)).rejects.toMatchObject({ code: 'ERR_LUAWARD_CONVERSION' });
    expect(await vm.call('id', 'fine')).toBe('fine');
  });
});
