import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { LuaEngine, LuaRuntimeError, LuaSyntaxError } from '../src/index.js';
import { BASE_GLOBALS } from '../src/names.js';
import { createEngine, thrown } from './helpers.js';

const binaryChunk = new Uint8Array(readFileSync(new URL('./fixtures/return-one.luac', import.meta.url)));
const ALL_LIBS = ['base', 'string', 'table', 'math', 'utf8', 'coroutine'] as const;

function globalNames(engine: LuaEngine): string[] {
  return (engine.execute('local names = {} for k in pairs(_G) do names[#names + 1] = k end return names') as string[]).sort();
}

describe('sandbox globals', () => {
  it.each(['os', 'io', 'debug', 'package', 'require', 'module', 'dofile', 'loadfile'])('has no %s', (name) => {
    const engine = createEngine({ libs: [...ALL_LIBS] });
    expect(engine.getGlobal(name)).toBeNull();
    expect(engine.execute(`return type(${name})`)).toBe('nil');
  });

  it('has exactly the base globals and the opened libraries', () => {
    expect(globalNames(createEngine())).toEqual([...BASE_GLOBALS, 'math', 'string', 'table'].sort());
    expect(globalNames(createEngine({ libs: [...ALL_LIBS] }))).toEqual(
      [...BASE_GLOBALS, 'coroutine', 'math', 'string', 'table', 'utf8'].sort(),
    );
    expect(globalNames(createEngine({ libs: ['base'] }))).toEqual([...BASE_GLOBALS].sort());
  });

  it('removes string.dump from the string table that strings index', () => {
    const engine = createEngine();
    expect(engine.execute('return string.dump')).toBeNull();
    expect(engine.execute('return ("").dump')).toBeNull();
    expect(engine.execute('return ("abc"):upper()')).toBe('ABC');
  });

  it('protects the string metatable', () => {
    const engine = createEngine();
    expect(engine.execute('return getmetatable("")')).toBe(false);
    expect(engine.execute('return getmetatable("x") == getmetatable("y")')).toBe(true);
  });
});

describe('binary chunks', () => {
  it('are refused by execute', () => {
    const error = thrown(() => createEngine().execute(binaryChunk));
    expect(error).toBeInstanceOf(LuaSyntaxError);
    expect(error.message).toBe("attempt to load a binary chunk (mode is 't')");
  });

  it('are refused by execute when the source string itself is one', () => {
    const engine = createEngine();
    // Only the first byte matters: "\x1b" marks a binary chunk (the rest is re-encoded as UTF-8).
    const error = thrown(() =>
      engine.execute('\x1bLuaT\x00\x19\x93\r\n\x1a\n\x04\x08\x08xV\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00(w@'),
    );
    expect(LuaSyntaxError.isInstance(error), String(error)).toBe(true);
    expect(error.message).toMatch(/binary chunk/);
    expect(engine.execute('return 1 + 1')).toBe(2);
  });

  it('are refused by load, whatever mode the script asks for', () => {
    const engine = createEngine();
    engine.setGlobal('chunk', binaryChunk);
    const refused = [null, "attempt to load a binary chunk (mode is 't')"];
    expect(engine.execute('return load(chunk)', { results: 'all' })).toEqual(refused);
    expect(engine.execute('return load(chunk, "c", "b")', { results: 'all' })).toEqual(refused);
    expect(engine.execute('return load(chunk, "c", "bt", {})', { results: 'all' })).toEqual(refused);
    const fromReader = 'local done = false return load(function() if done then return nil end done = true return chunk end)';
    expect(engine.execute(fromReader, { results: 'all' })).toEqual(refused);
  });

  it('leave text chunks working, with their environment argument', () => {
    const engine = createEngine();
    expect(engine.execute('return load("return 1 + 1")()')).toBe(2);
    expect(engine.execute('return load("return y", "chunk", "b", { y = 5 })()')).toBe(5);
    expect(engine.execute('return load("return 1", "chunk", "t", nil)()')).toBe(1);
    expect(thrown(() => engine.execute('return load("return print", "chunk", "t", nil)()')).message).toBe(
      `[string "chunk"]:1: attempt to index a nil value (upvalue '_ENV')`,
    );
    expect(engine.execute('return select("#", load("return x", "c", "t"))')).toBe(1);
  });

  it('keeps the error of a bad load argument', () => {
    const error = thrown(() => createEngine().execute('load()'));
    expect(error.message).toBe("script:1: bad argument #1 to 'load' (string or function expected, got no value)");
  });
});

describe('addresses', () => {
  it('are not shown by tostring, print or string.format', () => {
    const engine = createEngine({ libs: [...ALL_LIBS] });
    const shown = engine.execute(
      `local co = coroutine.create(print)
       print({}, print, co)
       return { tostring({}), tostring(print), tostring(function() end), tostring(co), string.format("%s %10s", {}, print) }`,
    ) as string[];
    for (const text of [...shown, ...engine.lines]) expect(text).not.toMatch(/0x|[0-9a-f]{8}/);
    expect(shown[0]).toMatch(/^table: #\d+$/);
    expect(shown[1]).toMatch(/^function: #\d+$/);
    expect(shown[3]).toMatch(/^thread: #\d+$/);
  });

  it('are replaced by a number that is stable per object and unique', () => {
    const engine = createEngine();
    expect(engine.execute('local t = {} return tostring(t) == tostring(t), tostring(t) ~= tostring({})', { results: 'all' })).toEqual([
      true,
      true,
    ]);
    engine.execute('kept = {}');
    expect(engine.execute('return tostring(kept)')).toBe(engine.execute('return tostring(kept)'));
  });

  it('keep __tostring and __name working', () => {
    const engine = createEngine();
    expect(engine.execute('return tostring(setmetatable({}, { __tostring = function() return "point" end }))')).toBe('point');
    expect(engine.execute('return tostring(setmetatable({}, { __name = "Point" }))')).toMatch(/^Point: #\d+$/);
    expect(engine.execute('return string.format("%s", setmetatable({}, { __tostring = function() return "p" end }))')).toBe('p');
  });

  it('cannot be read with string.format("%p")', () => {
    const error = thrown(() => createEngine().execute('return string.format("%p", {})'));
    expect(error.message).toBe("script:1: '%p' is not available in the sandbox (it shows addresses)");
    expect(createEngine().execute('return string.format("%5.1f|%%|%s|%d", 1.25, "x", 3)')).toBe('  1.2|%|x|3');
  });
});

describe('math.randomseed', () => {
  it('seeds from entropy and returns the seeds, which reproduce the sequence', () => {
    const [first, second, seeds] = createEngine().execute(
      `local function draw() return { math.random(1, 1000000), math.random(1, 1000000), math.random(1, 1000000) } end
       local a, b = math.randomseed()
       local first = draw()
       math.randomseed(a, b)
       return first, draw(), { math.type(a), math.type(b), a }`,
      { results: 'all' },
    ) as [number[], number[], [string, string, number | bigint]];
    expect(first).toEqual(second);
    expect(seeds.slice(0, 2)).toEqual(['integer', 'integer']);
    // Lua 5.4.4 returns the clock's seconds and the state's address.
    const now = Math.floor(Date.now() / 1000);
    expect(Math.abs(Number(seeds[2]) - now)).toBeGreaterThan(10);
  });

  it('differs between engines from the start', () => {
    const sequence = 'local t = {} for i = 1, 8 do t[i] = math.random(1, 1000000) end return t';
    expect(createEngine().execute(sequence)).not.toEqual(createEngine().execute(sequence));
  });
});

describe('print', () => {
  it('sends one line per call to onPrint, values separated by tabs', () => {
    const engine = createEngine();
    engine.execute('print("a", 1, 2.5, nil, true) print() print("x\\0y")');
    expect(engine.lines).toEqual(['a\t1\t2.5\tnil\ttrue', '', 'x\0y']);
  });

  it('writes to process.stdout only through the default onPrint', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const engine = new LuaEngine();
      engine.execute('print("hello", 42)');
      engine.close();
      expect(write).toHaveBeenCalledExactlyOnceWith('hello\t42\n');
      write.mockClear();
      createEngine().execute('print("routed")');
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });

  it('uses __tostring for the values it prints', () => {
    const engine = createEngine();
    engine.execute('print(setmetatable({}, { __tostring = function() return "custom" end }))');
    expect(engine.lines).toEqual(['custom']);
  });
});

describe('warn', () => {
  it('writes nothing anywhere, even when switched on', () => {
    const write = vi.spyOn(process.stderr, 'write');
    try {
      const engine = createEngine();
      expect(engine.execute('warn("@on") warn("to ", "nobody") return "done"')).toBe('done');
      expect(engine.lines).toEqual([]);
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});

describe('collectgarbage', () => {
  it('keeps the options that only look or collect', () => {
    const engine = createEngine();
    expect(
      engine.execute('return type(collectgarbage("count")), collectgarbage(), collectgarbage("collect"), collectgarbage("isrunning")', {
        results: 'all',
      }),
    ).toEqual(['number', 0, 0, true]);
    expect(typeof engine.execute('return collectgarbage("step")')).toBe('boolean');
  });

  it.each(['stop', 'restart', 'incremental', 'generational', 'setpause', 'setstepmul'])('refuses %s', (option) => {
    const error = thrown(() => createEngine().execute(`collectgarbage("${option}")`));
    expect(error).toBeInstanceOf(LuaRuntimeError);
    expect(error.message).toBe(`script:1: collectgarbage('${option}') is not available in the sandbox`);
  });
});

describe('finalizers', () => {
  it('never run, and the __gc field stays in the metatable', () => {
    const engine = createEngine();
    const kept = engine.execute(
      `local mt = { __gc = function() print("finalized") end }
       for i = 1, 100 do setmetatable({}, mt) end
       collectgarbage() collectgarbage()
       return rawget(mt, "__gc") ~= nil`,
    );
    expect(kept).toBe(true);
    expect(engine.lines).toEqual([]);
  });

  it('cannot hang collectgarbage or close with a looping __gc', () => {
    const engine = new LuaEngine();
    engine.execute('setmetatable({}, { __gc = function() while true do end end }) collectgarbage()');
    engine.close();
    expect(engine.closed).toBe(true);
  });

  it('leave setmetatable otherwise as Lua has it', () => {
    const engine = createEngine();
    expect(engine.execute('local t = {} return setmetatable(t, { __index = { x = 1 } }) == t and t.x')).toBe(1);
    expect(thrown(() => engine.execute('local t = setmetatable({}, { __metatable = "locked" }) setmetatable(t, {})')).message).toBe(
      'script:1: cannot change a protected metatable',
    );
    expect(thrown(() => engine.execute('setmetatable({}, 1)')).message).toBe(
      "script:1: bad argument #2 to 'setmetatable' (nil or table expected, got number)",
    );
  });
});

describe('raw access from the host', () => {
  it('does not run a metatable set on _G', () => {
    const engine = createEngine();
    engine.execute(`setmetatable(_G, {
      __index = function(_, k) print("index " .. k) return 1 end,
      __newindex = function(_, k) print("newindex " .. k) end,
    })`);
    expect(engine.getGlobal('missing')).toBeNull();
    expect(engine.functionExists('missing')).toBe(false);
    engine.setGlobal('created', 5);
    expect(engine.execute('return rawget(_G, "created")')).toBe(5);
    expect(thrown(() => engine.call('missing')).message).toBe("attempt to call a nil value (global 'missing')");
    expect(engine.lines).toEqual([]);
  });

  it('reads globals whose names are not identifiers', () => {
    const engine = createEngine();
    engine.setGlobal('a.b', 1);
    expect(engine.execute('return _G["a.b"]')).toBe(1);
    expect(engine.getGlobal('a.b')).toBe(1);
  });

  it.each([[''], ['a\0b'], [42]])('refuses the name %j', (name) => {
    const engine = createEngine();
    const message = 'name must be a non-empty string without NUL characters';
    for (const use of [
      () => engine.getGlobal(name as string),
      () => engine.setGlobal(name as string, 1),
      () => engine.call(name as string),
      () => engine.callWith(name as string, []),
      () => engine.functionExists(name as string),
    ]) {
      const error = thrown(use);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(message);
    }
  });
});

describe('library functions with hidden C loops', () => {
  it('string.rep with an empty result returns at once', () => {
    const engine = createEngine();
    expect(
      engine.execute('return string.rep("", math.maxinteger), string.rep("", math.maxinteger, ""), string.rep("ab", 3, "-")', {
        results: 'all',
      }),
    ).toEqual(['', '', 'ab-ab-ab']);
  });

  it('table.insert, remove, move and sort behave as standard Lua', () => {
    const engine = createEngine();
    expect(
      engine.execute(
        `local t = { 1, 2, 3 }
         table.insert(t, 4) table.insert(t, 1, 0)
         local removed = table.remove(t, 2)
         local last = table.remove(t)
         local moved = table.move({ 1, 2, 3 }, 1, 3, 2)
         local other = table.move({ 1, 2 }, 1, 2, 1, { 9 })
         local sorted = { 5, 2, 8, 1 } table.sort(sorted)
         local reversed = { 5, 2, 8, 1 } table.sort(reversed, function(a, b) return a > b end)
         return { t, removed, last, moved, other, sorted, reversed, table.remove({}) }`,
      ),
    ).toEqual([[0, 2, 3], 1, 4, [1, 1, 2, 3], [1, 2], [1, 2, 5, 8], [8, 5, 2, 1]]);
    expect(thrown(() => engine.execute('table.insert({}, 5, 1)')).message).toBe(
      "script:1: bad argument #2 to 'insert' (position out of bounds)",
    );
    expect(thrown(() => engine.execute('table.insert({}, 1, 2, 3)')).message).toBe("script:1: wrong number of arguments to 'insert'");
  });

  it('table.sort sorts tables with metamethods through their metamethods', () => {
    const engine = createEngine();
    const sorted = engine.execute(
      `local data = { 3, 1, 2 }
       local proxy = setmetatable({}, {
         __index = data, __newindex = data, __len = function() return #data end,
       })
       table.sort(proxy)
       return data`,
    );
    expect(sorted).toEqual([1, 2, 3]);
  });
});
