import { describe, expect, it } from 'vitest';
import { ConversionError, LuaRuntimeError, type LuaValue } from '../src/index.js';
import { createEngine, thrown } from './helpers.js';

const bytes = (...values: number[]) => new Uint8Array(values);

function conversionError(run: () => unknown): ConversionError {
  const error = thrown(run);
  expect(error).toBeInstanceOf(ConversionError);
  expect(error.name).toBe('ConversionError');
  return error as ConversionError;
}

describe('Lua to JavaScript', () => {
  describe('scalars', () => {
    it('nil is null; no result at all is undefined', () => {
      const engine = createEngine();
      expect(engine.execute('return nil')).toBeNull();
      expect(engine.execute('return')).toBeUndefined();
      expect(engine.execute('return nil, nil', { results: 'all' })).toEqual([null, null]);
      expect(engine.execute('return', { results: 'all' })).toEqual([]);
    });

    it('booleans are booleans', () => {
      expect(createEngine().execute('return true, false', { results: 'all' })).toEqual([true, false]);
    });

    it('integers are numbers up to 2^53 - 1 in size, BigInts beyond', () => {
      const values = createEngine().execute(
        'return 0, -7, 9007199254740991, -9007199254740991, 9007199254740992, -9007199254740992, math.maxinteger, math.mininteger',
        { results: 'all' },
      );
      expect(values).toEqual([
        0,
        -7,
        9007199254740991,
        -9007199254740991,
        9007199254740992n,
        -9007199254740992n,
        9223372036854775807n,
        -9223372036854775808n,
      ]);
    });

    it('floats are numbers, with NaN, the infinities and -0 kept', () => {
      const [half, nan, inf, negInf, negZero, whole] = createEngine().execute('return 0.5, 0/0, math.huge, -math.huge, -0.0, 3.0', {
        results: 'all',
      }) as number[];
      expect(half).toBe(0.5);
      expect(nan).toBeNaN();
      expect(inf).toBe(Infinity);
      expect(negInf).toBe(-Infinity);
      expect(Object.is(negZero, -0)).toBe(true);
      expect(whole).toBe(3);
    });

    it('valid UTF-8 is a string, byte for byte, NUL included', () => {
      expect(createEngine().execute('return "héllo ✓ 😀", "a\\0b", ""', { results: 'all' })).toEqual(['héllo ✓ 😀', 'a\0b', '']);
    });

    it('other bytes are a Uint8Array with exactly those bytes', () => {
      const values = createEngine().execute('return "\\xff\\x00A", "\\xC0\\x80", "\\xED\\xA0\\x80", "\\xF4\\x90\\x80\\x80", "\\xE2\\x9C"', {
        results: 'all',
      });
      expect(values).toEqual([
        bytes(0xff, 0, 0x41),
        bytes(0xc0, 0x80),
        bytes(0xed, 0xa0, 0x80),
        bytes(0xf4, 0x90, 0x80, 0x80),
        bytes(0xe2, 0x9c),
      ]);
      for (const value of values as Uint8Array[]) expect(Object.getPrototypeOf(value)).toBe(Uint8Array.prototype);
    });
  });

  describe('tables', () => {
    it('a sequence 1..n is an array, in key order', () => {
      const engine = createEngine();
      expect(engine.execute('return { 1, "two", true, { 4 } }')).toEqual([1, 'two', true, [4]]);
      expect(engine.execute('local t = {} t[3] = "c" t[1] = "a" t[2] = "b" return t')).toEqual(['a', 'b', 'c']);
    });

    it('the empty table is an empty plain object', () => {
      const value = createEngine().execute('return {}');
      expect(value).toEqual({});
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    });

    it('string keys only make a plain object', () => {
      expect(
        createEngine().execute('return { name = "x", ["with space"] = 1, ["1"] = "string one", nested = { deep = { ok = true } } }'),
      ).toEqual({
        name: 'x',
        'with space': 1,
        '1': 'string one',
        nested: { deep: { ok: true } },
      });
    });

    it('a "__proto__" key is an own property, never a prototype', () => {
      const value = createEngine().execute('return { ["__proto__"] = { polluted = true }, constructor = 1 }') as Record<string, LuaValue>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.hasOwn(value, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
      expect((value as { polluted?: boolean }).polluted).toBeUndefined();
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    });

    it.each([
      [
        'holes',
        'return { [1] = "a", [3] = "c" }',
        new Map<LuaValue, LuaValue>([
          [1, 'a'],
          [3, 'c'],
        ]),
      ],
      [
        'keys not starting at 1',
        'return { [0] = "z", [1] = "a" }',
        new Map<LuaValue, LuaValue>([
          [0, 'z'],
          [1, 'a'],
        ]),
      ],
      [
        'mixed keys',
        'return { 10, x = 1 }',
        new Map<LuaValue, LuaValue>([
          [1, 10],
          ['x', 1],
        ]),
      ],
      ['boolean keys', 'return { [true] = "yes" }', new Map<LuaValue, LuaValue>([[true, 'yes']])],
      ['float keys', 'return { [1.5] = "x" }', new Map<LuaValue, LuaValue>([[1.5, 'x']])],
      ['big integer keys', 'return { [math.maxinteger] = 1 }', new Map<LuaValue, LuaValue>([[9223372036854775807n, 1]])],
    ])('anything else is a Map: %s', (_name, code, expected) => {
      const value = createEngine().execute(code) as Map<LuaValue, LuaValue>;
      expect(value).toBeInstanceOf(Map);
      expect(new Map([...value].sort((a, b) => String(a[0]).localeCompare(String(b[0]))))).toEqual(
        new Map([...expected].sort((a, b) => String(a[0]).localeCompare(String(b[0])))),
      );
    });

    it('a Map keeps table keys and non-UTF-8 string keys as values', () => {
      const value = createEngine().execute('return { [{ 1, 2 }] = "list", ["\\xff"] = "bytes" }') as Map<LuaValue, LuaValue>;
      const entries = [...value].sort((a, b) => String(a[1]).localeCompare(String(b[1])));
      expect(entries).toEqual([
        [bytes(0xff), 'bytes'],
        [[1, 2], 'list'],
      ]);
    });

    it('copies a table reached twice (no cycle) at each place', () => {
      const value = createEngine().execute('local shared = { 1 } return { a = shared, b = shared }') as Record<string, LuaValue>;
      expect(value).toEqual({ a: [1], b: [1] });
      expect(value.a).not.toBe(value.b);
    });

    it('reads tables raw: no metamethod runs', () => {
      const engine = createEngine();
      const value = engine.execute(`return setmetatable({ 1, 2 }, {
        __index = function() print("index") return 0 end,
        __len = function() print("len") return 10 end,
        __pairs = function() print("pairs") return next, {} end,
        __tostring = function() print("tostring") return "" end,
      })`);
      expect(value).toEqual([1, 2]);
      expect(engine.lines).toEqual([]);
    });
  });

  describe('failures name where they happen', () => {
    it('a function, with its path', () => {
      const error = conversionError(() => createEngine().execute('return { items = { 1, 2, { owner = print } } }'));
      expect(error.message).toBe('cannot convert a function value at result.items[3].owner');
      expect(error.path).toBe('result.items[3].owner');
    });

    it('a coroutine', () => {
      const error = conversionError(() => createEngine({ libs: ['base', 'coroutine'] }).execute('return { co = coroutine.create(print) }'));
      expect(error.message).toBe('cannot convert a thread value at result.co');
    });

    it('keys that are not identifiers, in quotes', () => {
      const error = conversionError(() => createEngine().execute('return { ["content-type"] = { [true] = { [2.5] = print } } }'));
      expect(error.path).toBe('result["content-type"][true][2.5]');
    });

    it('a cycle', () => {
      const error = conversionError(() => createEngine().execute('local t = { a = { b = {} } } t.a.b.c = t return t'));
      expect(error.message).toBe('cannot convert a table that contains itself (a cycle) at result.a.b.c');
      expect(error.path).toBe('result.a.b.c');
    });

    it('nesting past maxValueDepth', () => {
      const nest = (depth: number) => `local t = {} local c = t for i = 2, ${depth} do c.x = {} c = c.x end return t`;
      const engine = createEngine({ maxValueDepth: 3 });
      expect(engine.execute(nest(3))).toEqual({ x: { x: {} } });
      const error = conversionError(() => engine.execute(nest(4)));
      expect(error.message).toBe('tables are nested deeper than maxValueDepth (3) at result.x.x.x');
      const defaults = createEngine();
      expect(() => defaults.execute(nest(64))).not.toThrow();
      expect(() => defaults.execute(nest(65))).toThrow(ConversionError);
    });

    it('more entries than maxValueSize, counted over all levels', () => {
      // 3 entries in the outer table, 3 + 3 + 2 in the inner ones: 11.
      const engine = createEngine({ maxValueSize: 11 });
      expect(engine.execute('return { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8 } }')).toEqual([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8],
      ]);
      const error = conversionError(() => engine.execute('return { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } }'));
      expect(error.message).toBe('the value has more than maxValueSize (11) table entries at result[3]');
    });

    it('strings repeated past the memory limit, counted at each place they appear', () => {
      const engine = createEngine({ memoryLimit: 8 * 1024 * 1024 });
      engine.execute('s = ("x"):rep(1024 * 1024) list = {} for i = 1, 100 do list[i] = s end');
      expect(engine.execute('return #list')).toBe(100);
      const error = conversionError(() => engine.getGlobal('list'));
      expect(error.message).toBe('the strings of the value add up to more than the memory limit (8388608 bytes) at list[9]');
      // The results of one request count as one value.
      expect(conversionError(() => engine.execute('return table.unpack(list)', { results: 'all' })).path).toBe('results[9]');
    });

    it('the position of a result among all results', () => {
      const error = conversionError(() => createEngine().execute('return 1, { f = print }', { results: 'all' }));
      expect(error.path).toBe('results[2].f');
    });

    it('only converts the first result unless all are asked for', () => {
      expect(createEngine().execute('return 1, print')).toBe(1);
    });

    it('the name of a global', () => {
      const engine = createEngine();
      engine.execute('config = { handlers = { print } }');
      expect(conversionError(() => engine.getGlobal('config')).path).toBe('config.handlers[1]');
    });

    it('an argument of a callback, as a Lua error the script can catch', () => {
      const engine = createEngine({ callbacks: { take: () => 1 } });
      expect(engine.execute('return pcall(function() return take(1, { f = print }) end)', { results: 'all' })).toEqual([
        false,
        "script:1: bad argument to callback 'take': cannot convert a function value at args[2].f",
      ]);
    });
  });
});

describe('JavaScript to Lua', () => {
  const typeOf = (value: LuaValue | undefined) => {
    const engine = createEngine();
    engine.execute('function describe(v) return math.type(v) or type(v) end');
    return engine.call('describe', value as LuaValue);
  };

  it('null and undefined are nil', () => {
    const engine = createEngine();
    expect(engine.call('select', '#', null, undefined as unknown as LuaValue)).toBe(2);
    expect(typeOf(null)).toBe('nil');
    expect(typeOf(undefined)).toBe('nil');
  });

  it('integer-valued safe numbers are integers; other numbers and -0 are floats', () => {
    expect(typeOf(42)).toBe('integer');
    expect(typeOf(-9007199254740991)).toBe('integer');
    expect(typeOf(9007199254740992)).toBe('float');
    expect(typeOf(1.5)).toBe('float');
    expect(typeOf(-0)).toBe('float');
    expect(typeOf(NaN)).toBe('float');
    expect(typeOf(Infinity)).toBe('float');
    const engine = createEngine();
    expect(engine.callWith('tostring', [-0])).toBe('-0.0');
    engine.execute('function isnan(x) return x ~= x end');
    expect(engine.call('isnan', NaN)).toBe(true);
  });

  it('BigInts are integers when they fit 64 bits, a ConversionError otherwise', () => {
    const engine = createEngine();
    engine.execute('function show(v) return math.type(v), tostring(v) end');
    expect(engine.callWith('show', [9223372036854775807n], { results: 'all' })).toEqual(['integer', '9223372036854775807']);
    expect(engine.callWith('show', [-9223372036854775808n], { results: 'all' })).toEqual(['integer', '-9223372036854775808']);
    const error = conversionError(() => engine.call('show', 1, 9223372036854775808n));
    expect(error.message).toBe('cannot convert a BigInt outside the 64-bit integer range at args[1]');
    expect(error.path).toBe('args[1]');
  });

  it('strings are UTF-8 bytes; lone surrogates become U+FFFD', () => {
    const engine = createEngine();
    engine.execute('function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end');
    expect(engine.call('hex', 'é✓\0')).toBe('c3a9e29c9300');
    expect(engine.call('hex', '\ud800')).toBe('efbfbd');
  });

  it('Uint8Arrays (and Buffers) are byte strings', () => {
    const engine = createEngine();
    engine.execute('function hex(s) return type(s), #s, (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end');
    expect(engine.callWith('hex', [bytes(0, 0xff, 0x41)], { results: 'all' })).toEqual(['string', 3, '00ff41']);
    expect(engine.callWith('hex', [Buffer.from([1, 2])], { results: 'all' })).toEqual(['string', 2, '0102']);
    expect(engine.callWith('hex', [new Uint8Array(new ArrayBuffer(8), 2, 3).fill(7)], { results: 'all' })).toEqual(['string', 3, '070707']);
  });

  it('arrays are sequences; null, undefined and holes leave their key out', () => {
    const engine = createEngine();
    engine.execute(
      'function keys(t) local k = {} for key, v in pairs(t) do k[#k + 1] = key .. "=" .. tostring(v) end table.sort(k) return table.concat(k, ","), #t end',
    );
    expect(engine.callWith('keys', [[10, 20, 30]], { results: 'all' })).toEqual(['1=10,2=20,3=30', 3]);
    // biome-ignore lint/suspicious/noSparseArray: the hole at index 3 is what the test converts
    const withGaps = [1, null, undefined, , 5] as unknown as LuaValue;
    expect(engine.callWith('keys', [withGaps], { results: 'all' })).toEqual(['1=1,5=5', expect.any(Number)]);
    expect(engine.callWith('keys', [[]], { results: 'all' })).toEqual(['', 0]);
  });

  it('plain objects are tables with string keys; symbol keys and undefined values are left out', () => {
    const engine = createEngine();
    engine.execute(
      'function keys(t) local k = {} for key, v in pairs(t) do k[#k + 1] = math.type(key) or type(key) end table.sort(k) return table.concat(k, ",") end',
    );
    expect(engine.call('keys', { a: 1, '1': 2, [Symbol('s')]: 3, gone: undefined } as unknown as LuaValue)).toBe('string,string');
    const bare = Object.create(null) as Record<string, LuaValue>;
    bare.x = 1;
    expect(engine.call('keys', bare)).toBe('string');
  });

  it('Maps are tables with any keys', () => {
    const engine = createEngine();
    engine.execute('function get(t, k) return t[k] end');
    const map = new Map<LuaValue, LuaValue>([
      [1, 'one'],
      [true, 'yes'],
      ['k', 'str'],
      [2.5, 'float'],
      [bytes(0xff), 'bytes'],
    ]);
    expect(engine.call('get', map, 1)).toBe('one');
    expect(engine.call('get', map, true)).toBe('yes');
    expect(engine.call('get', map, 'k')).toBe('str');
    expect(engine.call('get', map, 2.5)).toBe('float');
    expect(engine.call('get', map, bytes(0xff))).toBe('bytes');
  });

  it.each([
    ['a null key', new Map([[null, 1]]), 'a Map key that is null or undefined cannot be a Lua table key at args[0][key]'],
    ['a NaN key', new Map([[NaN, 1]]), 'NaN cannot be a Lua table key at args[0][key]'],
  ])('refuses a Map with %s', (_name, map, message) => {
    expect(conversionError(() => createEngine().call('type', map as Map<LuaValue, LuaValue>)).message).toBe(message);
  });

  it.each([
    ['a function', () => 1, 'cannot convert a function at args[0]'],
    ['a symbol', Symbol('x'), 'cannot convert a symbol at args[0]'],
    ['a Date', new Date(0), 'cannot convert an instance of Date at args[0]'],
    ['a Set', new Set([1]), 'cannot convert an instance of Set at args[0]'],
    [
      'a class instance',
      new (class Point {
        x = 1;
      })(),
      'cannot convert an instance of Point at args[0]',
    ],
    ['another typed array', new Int16Array(2), 'cannot convert an instance of Int16Array at args[0]'],
    ['an ArrayBuffer', new ArrayBuffer(2), 'cannot convert an instance of ArrayBuffer at args[0]'],
  ])('refuses %s', (_name, value, message) => {
    const error = conversionError(() => createEngine().call('type', value as unknown as LuaValue));
    expect(error.message).toBe(message);
    expect(error.path).toBe('args[0]');
  });

  it('names the path inside arguments, JavaScript positions counting from 0', () => {
    const error = conversionError(() => createEngine().call('type', 1, { list: [0, { 'x-y': () => 1 }] } as unknown as LuaValue));
    expect(error.path).toBe('args[1].list[1]["x-y"]');
  });

  it('names the path inside a Map', () => {
    const error = conversionError(() => createEngine().call('type', new Map([['k', [Symbol('s')]]]) as unknown as LuaValue));
    expect(error.path).toBe('args[0]["k"][0]');
  });

  it('refuses cycles', () => {
    const value: Record<string, unknown> = { a: [] };
    (value.a as unknown[]).push(value);
    const error = conversionError(() => createEngine().call('type', value as LuaValue));
    expect(error.message).toBe('cannot convert a value that contains itself (a cycle) at args[0].a[0]');
  });

  it('applies maxValueDepth and maxValueSize', () => {
    const engine = createEngine({ maxValueDepth: 2, maxValueSize: 5 });
    expect(engine.call('type', [[1]])).toBe('table');
    expect(conversionError(() => engine.call('type', [[[1]]])).message).toBe(
      'values are nested deeper than maxValueDepth (2) at args[0][0][0]',
    );
    expect(conversionError(() => engine.call('type', [1, 2, 3, [4, 5, 6]])).message).toBe(
      'the value has more than maxValueSize (5) entries at args[0][3]',
    );
    const sparse: LuaValue[] = [];
    sparse.length = 1_000_000_000;
    expect(conversionError(() => engine.call('type', sparse)).path).toBe('args[0]');
  });

  it('caps the strings of a value at the memory limit, counting a repeated string each time', () => {
    const engine = createEngine({ memoryLimit: 4 * 1024 * 1024 });
    const piece = 'x'.repeat(1024 * 1024);
    const error = conversionError(() =>
      engine.call(
        'type',
        Array.from({ length: 10 }, () => piece),
      ),
    );
    expect(error.message).toBe('the strings of the value add up to more than the memory limit (4194304 bytes) at args[0][4]');
    // All the arguments of one call count as one value.
    expect(conversionError(() => engine.call('select', '#', piece, piece, piece, piece, piece)).path).toBe('args[4]');
  });

  it('names setGlobal values by the global', () => {
    const error = conversionError(() => createEngine().setGlobal('config', { list: [1, () => 2] } as unknown as LuaValue));
    expect(error.path).toBe('config.list[1]');
  });

  it('lets an exception from a getter through as it is', () => {
    const boom = new Error('getter failed');
    const value = {
      get field(): LuaValue {
        throw boom;
      },
    };
    expect(thrown(() => createEngine().call('type', value as unknown as LuaValue))).toBe(boom);
  });
});

describe('round trips', () => {
  it.each<[string, LuaValue]>([
    ['integers and floats', [1, -2, 1.5, 9007199254740991, 2n ** 62n, -(2n ** 63n)]],
    ['special floats', [NaN, Infinity, -Infinity]],
    ['text and bytes', ['plain', 'üñí', bytes(0xfe, 0xff), '']],
    ['nested objects', { a: { b: { c: [1, { d: 'e' }] } }, list: [true, false] }],
    [
      'maps',
      new Map<LuaValue, LuaValue>([
        [0, 'zero'],
        [true, [1, 2]],
        [1.25, { x: 1 }],
      ]),
    ],
  ])('keeps %s', (_name, value) => {
    const engine = createEngine();
    engine.execute('function identity(...) return ... end');
    expect(engine.call('identity', value)).toEqual(value);
    engine.setGlobal('stored', value);
    expect(engine.getGlobal('stored')).toEqual(value);
  });

  it('keeps -0', () => {
    const engine = createEngine();
    engine.execute('function identity(...) return ... end');
    expect(Object.is(engine.call('identity', -0), -0)).toBe(true);
  });

  it('turns an empty array into an empty object, and null elements into a Map', () => {
    const engine = createEngine();
    engine.execute('function identity(...) return ... end');
    expect(engine.call('identity', [])).toEqual({});
    expect(engine.call('identity', [1, null, 3])).toEqual(
      new Map([
        [1, 1],
        [3, 3],
      ]),
    );
  });
});

describe('callback values', () => {
  it('pass arguments in and one result out', () => {
    const seen: LuaValue[][] = [];
    const engine = createEngine({
      callbacks: {
        echo: (...args) => {
          seen.push(args);
          return args[1] ?? null;
        },
      },
    });
    expect(engine.execute('return echo(1, { a = "b" }, nil)')).toEqual({ a: 'b' });
    expect(seen).toEqual([[1, { a: 'b' }, null]]);
  });

  it('undefined returns no value, null returns one nil', () => {
    const engine = createEngine({ callbacks: { nothing: () => undefined, empty: () => null } });
    expect(engine.execute('return select("#", nothing()), select("#", empty())', { results: 'all' })).toEqual([0, 1]);
  });

  it('a result that cannot be converted is an error the script can catch, with a ConversionError cause', () => {
    const engine = createEngine({ callbacks: { bad: () => ({ f: () => 1 }) as unknown as LuaValue } });
    expect(engine.execute('return pcall(function() return bad() end)', { results: 'all' })).toEqual([
      false,
      "script:1: callback 'bad' returned a value that cannot be converted: cannot convert a function at result.f",
    ]);
    const error = thrown(() => engine.execute('bad()'));
    expect(error).toBeInstanceOf(LuaRuntimeError);
    expect(error.cause).toBeInstanceOf(ConversionError);
    expect((error.cause as ConversionError).path).toBe('result.f');
  });
});
