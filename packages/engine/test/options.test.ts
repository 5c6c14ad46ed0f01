import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_OPTIONS, LuaEngine, type LuaEngineOptions } from '../src/index.js';
import { createEngine, thrown } from './helpers.js';

function rejection(options: unknown): Error {
  return thrown(() => new LuaEngine(options as LuaEngineOptions));
}

describe('DEFAULT_ENGINE_OPTIONS', () => {
  it('holds the documented defaults and cannot be changed', () => {
    expect(DEFAULT_ENGINE_OPTIONS).toMatchObject({
      memoryLimit: 67108864,
      instructionLimit: 100_000_000,
      outputLimit: 1048576,
      libs: ['base', 'string', 'table', 'math'],
      callbacks: {},
      maxValueDepth: 64,
      maxValueSize: 1_000_000,
    });
    expect(typeof DEFAULT_ENGINE_OPTIONS.onPrint).toBe('function');
    expect(Object.isFrozen(DEFAULT_ENGINE_OPTIONS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_ENGINE_OPTIONS.libs)).toBe(true);
  });

  it('are what an engine without options uses', () => {
    const engine = createEngine();
    expect(engine.execute('return type(string), type(table), type(math), type(utf8), type(coroutine)', { results: 'all' })).toEqual([
      'table',
      'table',
      'table',
      'nil',
      'nil',
    ]);
  });
});

describe('engine options', () => {
  it.each([
    ['a string', 'x', TypeError, 'options must be an object'],
    ['an array', [], TypeError, 'options must be an object'],
    [
      'an unknown option',
      { memorylimit: 1 },
      TypeError,
      "unknown option 'memorylimit' (known: memoryLimit, instructionLimit, outputLimit, maxValueDepth, maxValueSize, libs, callbacks, onPrint)",
    ],
  ])('refuses %s', (_name, options, type, message) => {
    const error = rejection(options);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(message);
  });

  const limits: [keyof LuaEngineOptions, string, unknown[], unknown[]][] = [
    [
      'memoryLimit',
      'memoryLimit must be a positive integer number of bytes, or Infinity',
      ['1', null, true],
      [0, -1, 1.5, NaN, -Infinity, 2 ** 53],
    ],
    ['instructionLimit', 'instructionLimit must be a positive integer number of instructions, or Infinity', ['1', 10n], [0, -5, 0.5, NaN]],
    ['outputLimit', 'outputLimit must be a non-negative integer number of bytes, or Infinity', ['0', {}], [-1, 1.5, NaN]],
    ['maxValueDepth', 'maxValueDepth must be an integer number of nesting levels from 1 to 1000', ['64'], [0, 1001, 2.5, Infinity]],
    ['maxValueSize', 'maxValueSize must be a positive integer number of table entries, or Infinity', ['1'], [0, -1, 0.5, -Infinity]],
  ];

  describe.each(limits)('%s', (option, message, wrongTypes, outOfRange) => {
    it.each(wrongTypes)('refuses %s with a TypeError', (value) => {
      const error = rejection({ [option]: value });
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(message);
    });

    it.each(outOfRange)('refuses %s with a RangeError', (value) => {
      const error = rejection({ [option]: value });
      expect(error).toBeInstanceOf(RangeError);
      expect(error.message).toBe(message);
    });
  });

  it('takes Infinity for every limit that can be lifted', () => {
    const engine = createEngine({ memoryLimit: Infinity, instructionLimit: Infinity, outputLimit: Infinity, maxValueSize: Infinity });
    expect(engine.execute('local t = {} for i = 1, 2000 do t[i] = i end return #t')).toBe(2000);
    expect(
      createEngine({ maxValueSize: Infinity }).execute('local t = {} for i = 1, 1000001 do t[i] = true end return t', { results: 'first' }),
    ).toHaveLength(1000001);
  });

  it('leaves an option given as undefined at its default', () => {
    const engine = createEngine({ memoryLimit: undefined, instructionLimit: undefined, libs: undefined });
    expect(engine.execute('return 1')).toBe(1);
  });

  describe('libs', () => {
    it.each([
      ['not an array', 'base', TypeError, 'libs must be an array of library names'],
      [
        'an unknown library',
        ['base', 'io'],
        RangeError,
        "libs: unknown library 'io' (allowed: base, string, table, math, utf8, coroutine)",
      ],
      ['a list without base', ['string'], RangeError, "libs must include 'base'"],
    ])('refuses %s', (_name, libs, type, message) => {
      const error = rejection({ libs });
      expect(error).toBeInstanceOf(type);
      expect(error.message).toBe(message);
    });

    it('opens what it lists', () => {
      const engine = createEngine({ libs: ['base', 'utf8', 'coroutine'] });
      expect(engine.execute('return type(string), type(utf8), type(coroutine)', { results: 'all' })).toEqual(['nil', 'table', 'table']);
    });
  });

  describe('callbacks', () => {
    it.each([
      ['not an object', 'f', TypeError, 'callbacks must be an object mapping global names to functions'],
      ['a value that is not a function', { f: 1 }, TypeError, 'callbacks.f must be a function'],
      ['a name that is not an identifier', { 'my-fn': () => 1 }, RangeError, "callbacks: 'my-fn' is not a Lua identifier"],
      ['an empty name', { '': () => 1 }, RangeError, "callbacks: '' is not a Lua identifier"],
      ['a keyword', { end: () => 1 }, RangeError, "callbacks: 'end' is a Lua keyword"],
      ['a base global', { print: () => 1 }, RangeError, "callbacks: 'print' would replace the sandbox global of that name"],
      ['an opened library', { string: () => 1 }, RangeError, "callbacks: 'string' would replace the sandbox global of that name"],
    ])('refuses %s', (_name, callbacks, type, message) => {
      const error = rejection({ callbacks });
      expect(error).toBeInstanceOf(type);
      expect(error.message).toBe(message);
    });

    it('may use the name of a library that is not opened', () => {
      const engine = createEngine({ callbacks: { coroutine: () => 'mine' } });
      expect(engine.execute('return coroutine()')).toBe('mine');
    });
  });

  it('refuses an onPrint that is not a function', () => {
    const error = rejection({ onPrint: 'console' });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('onPrint must be a function');
  });
});

describe('request options', () => {
  it.each([
    ['a chunk name that is empty', { chunkName: '' }, TypeError, 'chunkName must be a non-empty string without NUL characters'],
    ['a chunk name with NUL', { chunkName: 'a\0' }, TypeError, 'chunkName must be a non-empty string without NUL characters'],
    [
      'an instruction limit of 0',
      { instructionLimit: 0 },
      RangeError,
      'instructionLimit must be a positive integer number of instructions, or Infinity',
    ],
    [
      'an instruction limit that is a string',
      { instructionLimit: '5' },
      TypeError,
      'instructionLimit must be a positive integer number of instructions, or Infinity',
    ],
    ['an unknown results mode', { results: 'last' }, TypeError, "results must be 'first' or 'all'"],
    ['an unknown option', { chunkname: 'x' }, TypeError, "unknown option 'chunkname' (known: chunkName, instructionLimit, results)"],
    ['options that are not an object', 'all', TypeError, 'options must be an object'],
  ])('execute refuses %s', (_name, options, type, message) => {
    const error = thrown(() => createEngine().execute('return 1', options as never));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(message);
  });

  it('callWith takes no chunk name', () => {
    const error = thrown(() => createEngine().callWith('type', [1], { chunkName: 'x' } as never));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe("unknown option 'chunkName' (known: instructionLimit, results)");
  });

  it('execute refuses code that is neither a string nor bytes', () => {
    const error = thrown(() => createEngine().execute(42 as never));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('code must be a string or a Uint8Array of Lua source');
  });

  it('callWith refuses arguments that are not an array', () => {
    const error = thrown(() => createEngine().callWith('type', 'x' as never));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('args must be an array of values');
  });

  it('execute runs UTF-8 source given as bytes', () => {
    expect(createEngine().execute(new TextEncoder().encode('return "ü" .. 1'))).toBe('ü1');
  });
});
