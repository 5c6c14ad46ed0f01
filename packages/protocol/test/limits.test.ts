// The limits table and the checks every entry point runs through it: every message a number
// option can produce, per layer, in one place (the entry points' own tests check that they use it).
import { describe, expect, it } from 'vitest';
import {
  HOST_NUMBERS,
  LIMITS,
  LIMIT_NAMES,
  MAX_IN_PROCESS_VALUE_DEPTH,
  MAX_NESTED_CALLBACKS,
  MAX_TIMER_MS,
  NUMBER_OPTIONS,
  checkGlobalName,
  checkLibs,
  checkNumberOption,
  checkWireLimits,
  defaultLimits,
  expectation,
  fromWireLimits,
  isLuaName,
  limitsIn,
  luaNameProblem,
  resolveLimits,
  toWireLimits,
  type InitMessage,
  type Layer,
  type NumberOptionName,
} from '../src/index.js';
import { HostCodec, WorkerCodec } from '../src/codec/message-codec.js';

/** What `run` throws: an error of `type` (TypeError or RangeError) whose message is exactly `message`. */
function refused(type: ErrorConstructor, message?: string): unknown {
  return expect.objectContaining({ name: type.name, ...(message === undefined ? {} : { message }) });
}

describe('the limits table', () => {
  it('lists the limits of a Lua state in the order init.options and ready.limits have them', () => {
    expect(LIMIT_NAMES).toEqual(['memoryLimit', 'instructionLimit', 'outputLimit', 'maxValueDepth', 'maxValueSize', 'maxCallbackDepth']);
    expect(limitsIn('wire')).toEqual(LIMIT_NAMES);
    expect(limitsIn('vm')).toEqual(LIMIT_NAMES);
    expect(limitsIn('engine')).toEqual(LIMIT_NAMES.filter((name) => name !== 'maxCallbackDepth'));
  });

  it('holds every default', () => {
    expect(defaultLimits('vm')).toEqual({
      memoryLimit: 64 * 1024 * 1024,
      instructionLimit: 100_000_000,
      outputLimit: 1024 * 1024,
      maxValueDepth: 64,
      maxValueSize: 1_000_000,
      maxCallbackDepth: 8,
    });
    expect(Object.fromEntries(Object.entries(HOST_NUMBERS).map(([name, spec]) => [name, spec.default]))).toEqual({
      timeout: 30_000,
      startupTimeout: 10_000,
      closeTimeout: 1_000,
      abortGracePeriod: 1_000,
      connectTimeout: 10_000,
      maxFrameLength: 64 * 1024 * 1024,
    });
    for (const [name, spec] of Object.entries(NUMBER_OPTIONS)) {
      for (const layer of spec.layers)
        expect(checkNumberOption(name as NumberOptionName, spec.default, layer), `${name} in ${layer}`).toBe(spec.default);
    }
  });

  it('bounds a limit per layer where the layers differ', () => {
    expect(MAX_TIMER_MS).toBe(2 ** 31 - 1);
    expect(() => checkNumberOption('maxValueDepth', 251, 'vm')).toThrow(
      refused(RangeError, 'maxValueDepth must be an integer number of nesting levels from 1 to 250'),
    );
    expect(checkNumberOption('maxValueDepth', MAX_IN_PROCESS_VALUE_DEPTH, 'engine')).toBe(1000);
    expect(() => checkNumberOption('maxCallbackDepth', MAX_NESTED_CALLBACKS + 1, 'vm')).toThrow(refused(RangeError));
    expect(checkNumberOption('maxCallbackDepth', 100, 'wire')).toBe(100);
  });
});

describe('number option messages', () => {
  const cases: [NumberOptionName, Layer, string][] = [
    ['memoryLimit', 'engine', 'a positive integer number of bytes, or Infinity'],
    ['memoryLimit', 'wire', 'a positive integer number of bytes, or null for no limit'],
    ['instructionLimit', 'vm', 'a positive integer number of instructions, or Infinity'],
    ['outputLimit', 'vm', 'a non-negative integer number of bytes, or Infinity'],
    ['maxValueDepth', 'engine', 'an integer number of nesting levels from 1 to 1000'],
    ['maxValueDepth', 'vm', 'an integer number of nesting levels from 1 to 250'],
    ['maxValueDepth', 'wire', 'an integer number of nesting levels from 1 to 250'],
    ['maxValueSize', 'engine', 'a positive integer number of table entries, or Infinity'],
    ['maxValueSize', 'wire', 'a positive integer number of table entries, or null for no limit'],
    ['maxCallbackDepth', 'vm', 'an integer number of nested callbacks from 0 to 15'],
    ['maxCallbackDepth', 'wire', 'a non-negative integer number of nested callbacks'],
    ['timeout', 'host', 'a positive number of milliseconds up to 2147483647, or Infinity'],
    ['closeTimeout', 'vm', 'a non-negative number of milliseconds up to 2147483647, or Infinity'],
    ['maxFrameLength', 'host', 'an integer number of bytes from 256 to 2147483647'],
  ];

  it.each(cases)('%s in %s: "must be %s"', (name, layer, expected) => {
    expect(expectation(name, layer)).toBe(expected);
    expect(() => checkNumberOption(name, '1', layer, `init.${name}`)).toThrow(refused(TypeError, `init.${name} must be ${expected}`));
    expect(() => checkNumberOption(name, -1, layer)).toThrow(refused(RangeError, `${name} must be ${expected}`));
  });

  it('takes no limit as Infinity off the wire and as null on it, and nothing else', () => {
    expect(checkNumberOption('maxValueSize', Infinity, 'engine')).toBe(Infinity);
    expect(checkNumberOption('maxValueSize', null, 'wire')).toBeNull();
    expect(() => checkNumberOption('maxValueSize', null, 'engine')).toThrow(refused(TypeError));
    expect(() => checkNumberOption('maxValueSize', Infinity, 'wire')).toThrow(refused(RangeError));
    expect(() => checkNumberOption('maxValueDepth', Infinity, 'vm')).toThrow(refused(RangeError));
    expect(() => checkNumberOption('memoryLimit', NaN, 'vm')).toThrow(refused(RangeError));
    expect(() => checkNumberOption('memoryLimit', 2 ** 53, 'vm')).toThrow(refused(RangeError));
    expect(checkNumberOption('timeout', 0.5, 'host')).toBe(0.5);
    expect(() => checkNumberOption('timeout', 0, 'host')).toThrow(refused(RangeError));
    expect(checkNumberOption('closeTimeout', 0, 'host')).toBe(0);
  });
});

describe('limits between layers', () => {
  it('fills in defaults, and converts between Infinity and null both ways', () => {
    const vm = resolveLimits({ memoryLimit: Infinity, maxValueSize: 10 }, 'vm');
    expect(vm).toEqual({ ...defaultLimits('vm'), memoryLimit: Infinity, maxValueSize: 10 });
    const wire = toWireLimits(vm);
    expect(wire).toMatchObject({ memoryLimit: null, maxValueSize: 10, maxCallbackDepth: 8 });
    expect(checkWireLimits(wire)).toEqual(wire);
    expect(fromWireLimits(wire, 'engine')).toEqual({ ...defaultLimits('engine'), memoryLimit: Infinity, maxValueSize: 10 });
  });

  it('are what the codec accepts on the wire, and refuses past their bounds', () => {
    const init: InitMessage = {
      type: 'init',
      id: 1,
      options: { ...toWireLimits(defaultLimits('vm')), libs: ['base'], callbacks: [], maxFrameLength: 256 },
    };
    const decoded = new WorkerCodec().decode(new HostCodec().encode(init)) as InitMessage;
    expect(decoded.options).toEqual(init.options);
    for (const name of LIMIT_NAMES) {
      const spec = LIMITS[name];
      const tooLarge = { ...init, options: { ...init.options, [name]: spec.max + 1 } };
      expect(() => new HostCodec().encode(tooLarge), name).toThrow(`"${name}" must be an integer`);
    }
  });
});

describe('libraries', () => {
  it('must include base for a Lua state, and may not repeat one on the wire', () => {
    expect(checkLibs(['base', 'math', 'math'], 'vm')).toEqual(['base', 'math']);
    expect(() => checkLibs(['math'], 'engine')).toThrow(refused(RangeError, "libs must include 'base'"));
    expect(checkLibs(['math'], 'wire', 'init.libs')).toEqual(['math']);
    expect(() => checkLibs(['base', 'base'], 'wire', 'init.libs')).toThrow(refused(RangeError, "init.libs: library 'base' is named twice"));
    expect(() => checkLibs(['base', 'os'], 'vm')).toThrow(
      refused(RangeError, "libs: unknown library 'os' (allowed: base, string, table, math, utf8, coroutine)"),
    );
    expect(() => checkLibs('base', 'vm')).toThrow(refused(TypeError));
  });
});

describe('Lua names', () => {
  it.each([
    ['fetch', undefined],
    ['_G2', undefined],
    ['2fast', "'2fast' is not a Lua identifier"],
    ['a-b', "'a-b' is not a Lua identifier"],
    ['', "'' is not a Lua identifier"],
    ['a\0b', "'a\0b' is not a Lua identifier"],
    ['goto', "'goto' is a Lua keyword"],
  ])('%j: %s', (name, problem) => {
    expect(luaNameProblem(name)).toBe(problem);
    expect(isLuaName(name)).toBe(problem === undefined);
  });

  it('a global name is any non-empty string without NUL', () => {
    expect(checkGlobalName('not-an-identifier')).toBe('not-an-identifier');
    for (const name of ['', 'a\0b', 7])
      expect(() => checkGlobalName(name)).toThrow(refused(TypeError, 'name must be a non-empty string without NUL characters'));
  });
});
