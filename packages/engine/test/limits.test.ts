import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InstructionLimitError, LuaEngine, LuaRuntimeError, MemoryLimitError, OutputLimitError } from '../src/index.js';
import { createEngine, thrown } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const MEMORY_BOMB = 'local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(64) .. i end';

describe('memoryLimit', () => {
  it('stops a memory bomb with MemoryLimitError, and the engine runs on', () => {
    const engine = createEngine({ memoryLimit: 8 * 1024 * 1024 });
    const error = thrown(() => engine.execute(MEMORY_BOMB));
    expect(error).toBeInstanceOf(MemoryLimitError);
    expect(error.message).toBe('the script needed more memory than its limit of 8388608 bytes');
    expect((error as MemoryLimitError).limit).toBe(8 * 1024 * 1024);
    expect(engine.execute('local t = {} for i = 1, 1000 do t[i] = i end return #t')).toBe(1000);
  });

  it('never lets the state hold more than the limit, and usage returns to its baseline', () => {
    const limit = 4 * 1024 * 1024;
    const engine = createEngine({ memoryLimit: limit });
    engine.execute('collectgarbage()');
    const baseline = engine.memoryUsage();
    expect(baseline).toBeGreaterThan(0);
    expect(() => engine.execute(MEMORY_BOMB)).toThrow(MemoryLimitError);
    expect(engine.memoryUsage()).toBeLessThanOrEqual(limit);
    engine.execute('collectgarbage()');
    expect(engine.memoryUsage()).toBeLessThan(baseline + 64 * 1024);
  });

  it('gives the script a memory error that pcall can catch', () => {
    const engine = createEngine({ memoryLimit: 4 * 1024 * 1024 });
    const result = engine.execute(
      `local ok, message = pcall(function() ${MEMORY_BOMB} end)
       collectgarbage()
       return { ok, message }`,
    );
    expect(result).toEqual([false, 'not enough memory']);
  });

  it('is not claimed by a script that raises the same message itself', () => {
    // Level 0: exactly Lua's memory message, which Lua raises as a memory error.
    const error = thrown(() => createEngine().execute('error("not enough memory", 0)'));
    expect(error).toBeInstanceOf(LuaRuntimeError);
    expect(error.message).toBe('not enough memory');
  });

  it('applies to values the host sends in', () => {
    const engine = createEngine({ memoryLimit: 1024 * 1024 });
    engine.execute('kept = ("x"):rep(400000)');
    expect(() => engine.setGlobal('more', 'y'.repeat(700_000))).toThrow(MemoryLimitError);
    expect(() => engine.call('type', 'z'.repeat(700_000))).toThrow(MemoryLimitError);
    expect(engine.call('type', 'small')).toBe('string');
  });

  it('refuses to create a state when the limit cannot hold it', () => {
    const error = thrown(() => new LuaEngine({ memoryLimit: 1000 }));
    expect(error).toBeInstanceOf(MemoryLimitError);
    expect(error.message).toBe('memoryLimit (1000 bytes) is too small to create a Lua state');
  });

  it('is lifted by Infinity', () => {
    const engine = createEngine({ memoryLimit: Infinity });
    expect(engine.execute('local t = {} for i = 1, 200000 do t[i] = ("x"):rep(100) .. i end return #t')).toBe(200000);
    expect(engine.memoryUsage()).toBeGreaterThan(20 * 1024 * 1024);
  });
});

describe('instructionLimit', () => {
  it('stops an endless loop with InstructionLimitError', () => {
    const error = thrown(() => createEngine({ instructionLimit: 100_000 }).execute('while true do end'));
    expect(error).toBeInstanceOf(InstructionLimitError);
    expect(error.message).toBe('the script ran past its instruction limit of 100000 instructions');
    expect((error as InstructionLimitError).limit).toBe(100_000);
  });

  it('counts instructions, not time: a loop of 1000 iterations fits in 1010 but not in 1000', () => {
    // VARARGPREP, 3 x LOADI, FORPREP, 1000 x FORLOOP, RETURN: 1006 instructions.
    const loop = 'for i = 1, 1000 do end';
    expect(() => createEngine({ instructionLimit: 1000 }).execute(loop)).toThrow(InstructionLimitError);
    expect(createEngine({ instructionLimit: 1010 }).execute(loop)).toBeUndefined();
  });

  it('is a budget per request', () => {
    const engine = createEngine({ instructionLimit: 10_000 });
    engine.execute('function spin(n) for i = 1, n do end end');
    for (let i = 0; i < 20; i++) engine.call('spin', 4000);
    expect(() => engine.call('spin', 20_000)).toThrow(InstructionLimitError);
    expect(engine.call('spin', 4000)).toBeUndefined();
  });

  it('can be set per request', () => {
    const engine = createEngine({ instructionLimit: 1000 });
    engine.execute('function spin(n) for i = 1, n do end return n end');
    expect(engine.execute('for i = 1, 5000 do end return 1', { instructionLimit: 10_000 })).toBe(1);
    expect(engine.callWith('spin', [5000], { instructionLimit: 10_000 })).toBe(5000);
    const error = thrown(() => engine.callWith('spin', [5000], { instructionLimit: 2000 }));
    expect((error as InstructionLimitError).limit).toBe(2000);
    expect(() => engine.call('spin', 5000)).toThrow(InstructionLimitError);
    expect(engine.execute('for i = 1, 100000 do end return 2', { instructionLimit: Infinity })).toBe(2);
  });

  it('is absent with Infinity', () => {
    expect(createEngine({ instructionLimit: Infinity }).execute('local n = 0 for i = 1, 3e6 do n = n + 1 end return n')).toBe(3e6);
  });

  it.each([
    ['pcall in a loop', 'while true do pcall(function() while true do end end) end'],
    ['pcall that returns normally', 'pcall(function() while true do end end) return "survived"'],
    ['nested pcalls', 'local function f() pcall(f) pcall(f) end while true do pcall(f) end'],
    ['error in a loop', 'while true do pcall(error, "x") end'],
    ['xpcall with a looping handler', 'while true do xpcall(function() while true do end end, function() while true do end end) end'],
    [
      'xpcall with a handler that retries',
      'local function f() while true do end end while true do xpcall(f, function() return xpcall(f, print) end) end',
    ],
    ['coroutine.resume', 'local co = coroutine.create(function() while true do end end) while true do coroutine.resume(co) end'],
    ['fresh coroutines', 'while true do coroutine.resume(coroutine.create(function() while true do end end)) end'],
    ['coroutine.wrap', 'while true do pcall(coroutine.wrap(function() while true do end end)) end'],
    ['a yielding coroutine', 'local co = coroutine.wrap(function() while true do coroutine.yield() end end) while true do co() end'],
    ['__close in the main thread', 'local x <close> = setmetatable({}, { __close = function() while true do end end }) while true do end'],
    [
      '__close in a wrapped coroutine',
      `local f = coroutine.wrap(function()
         local x <close> = setmetatable({}, { __close = function() while true do end end })
         while true do end
       end)
       while true do pcall(f) end`,
    ],
    [
      '__close of a killed coroutine, closed later',
      `local co = coroutine.create(function()
         local x <close> = setmetatable({}, { __close = function() while true do end end })
         while true do end
       end)
       coroutine.resume(co)
       coroutine.close(co)
       while true do end`,
    ],
    [
      '__index loops',
      'local t = setmetatable({}, { __index = function(t, k) while true do end end }) while true do pcall(function() return t.x end) end',
    ],
    ['__tostring in print', 'print(setmetatable({}, { __tostring = function() while true do end end }))'],
    ['a load reader', 'load(function() while true do end end)'],
    ['string.gsub with a function', 'string.gsub(("x"):rep(100), ".", function() while true do end end)'],
    ['table.sort with a comparator', 'local t = {} for i = 1, 100 do t[i] = i end table.sort(t, function(a, b) while true do end end)'],
  ])('cannot be swallowed: %s', (_name, code) => {
    const engine = createEngine({ instructionLimit: 200_000, libs: ['base', 'string', 'table', 'coroutine'] });
    expect(() => engine.execute(code)).toThrow(InstructionLimitError);
    expect(engine.execute('return 1 + 1')).toBe(2);
  });

  it('keeps a coroutine killed by the budget dead, without running its __close handlers later', () => {
    const engine = createEngine({ instructionLimit: 100_000, libs: ['base', 'coroutine'] });
    expect(() =>
      engine.execute(`co = coroutine.create(function()
        local x <close> = setmetatable({}, { __close = function() while true do end end })
        while true do end
      end)
      coroutine.resume(co)`),
    ).toThrow(InstructionLimitError);
    expect(engine.execute('return coroutine.close(co)', { results: 'all', instructionLimit: Infinity })).toEqual([
      false,
      'instruction limit exceeded',
    ]);
    expect(engine.execute('return coroutine.status(co)')).toBe('dead');
  });

  it('still closes coroutines that died of ordinary errors', () => {
    const engine = createEngine({ libs: ['base', 'coroutine'] });
    const result = engine.execute(
      `local co = coroutine.create(function()
         local x <close> = setmetatable({}, { __close = function() print("closed") end })
         error("boom", 0)
       end)
       return coroutine.resume(co), coroutine.close(co)`,
      { results: 'all' },
    );
    expect(result).toEqual([false, false, 'boom']);
    expect(engine.lines).toEqual(['closed']);
  });

  it('is reported from the engine flag, not from the error text', () => {
    const error = thrown(() => createEngine().execute('error("instruction limit exceeded", 0)'));
    expect(error).toBeInstanceOf(LuaRuntimeError);
    expect(error.message).toBe('instruction limit exceeded');
  });

  it('shows the script a catchable error while it unwinds', () => {
    const engine = createEngine({ instructionLimit: 50_000 });
    expect(() => engine.execute('local ok, e = pcall(function() while true do end end) caught = e while true do end')).toThrow(
      InstructionLimitError,
    );
    expect(engine.getGlobal('caught')).toBeNull();
  });

  it('bounds short coroutines to about twice the budget (coroutine.create)', () => {
    const budget = 1_000_000;
    const engine = createEngine({ instructionLimit: budget, libs: ['base', 'coroutine'] });
    expect(() => engine.execute(fixture('coroutine-budget.lua'))).toThrow(InstructionLimitError);
    const iterations = engine.getGlobal('n') as number;
    const executed = iterations * (9 + 126);
    expect(executed).toBeGreaterThan(budget);
    expect(executed).toBeLessThanOrEqual(2 * budget);
    // What is charged per iteration: the main loop (9) and the body up to its
    // last hook (1 + 2 + 4 + 8 + 16 + 32 = 63). The main thread notices the
    // end of the budget at its next hook, at most one interval (10000) late.
    expect(iterations * (9 + 63)).toBeGreaterThan(budget - (9 + 63));
    expect(iterations * (9 + 63)).toBeLessThanOrEqual(budget + 10_000);
  });

  it('bounds short coroutines to about twice the budget (coroutine.wrap)', () => {
    const budget = 1_000_000;
    const engine = createEngine({ instructionLimit: budget, libs: ['base', 'coroutine'] });
    expect(() => engine.execute(fixture('wrap-budget.lua'))).toThrow(InstructionLimitError);
    const executed = (engine.getGlobal('n') as number) * (8 + 126);
    expect(executed).toBeGreaterThan(budget);
    expect(executed).toBeLessThanOrEqual(2 * budget);
  });

  it.each([
    ['table.insert', 'local t = setmetatable({}, { __len = function() return math.maxinteger - 1 end }) table.insert(t, 1, "x")'],
    ['table.remove', 'local t = setmetatable({}, { __len = function() return math.maxinteger - 1 end }) table.remove(t, 1)'],
    ['table.move', 'table.move({}, 1, math.maxinteger - 1, 2)'],
    [
      'table.sort',
      'local t = setmetatable({}, { __len = function() return 2^31 - 2 end, __index = rawlen, __newindex = rawequal }) table.sort(t)',
    ],
  ])('charges the loops of %s that __len controls', (_name, code) => {
    expect(() => createEngine({ instructionLimit: 1_000_000 }).execute(code)).toThrow(InstructionLimitError);
  });
});

describe('outputLimit', () => {
  it('stops printing past the limit with OutputLimitError', () => {
    const engine = createEngine({ outputLimit: 100 });
    const error = thrown(() => engine.execute('for i = 1, 100 do print("0123456789") end'));
    expect(error).toBeInstanceOf(OutputLimitError);
    expect(error.message).toBe('the script printed more than its output limit of 100 bytes');
    expect((error as OutputLimitError).limit).toBe(100);
    // Each line counts its 10 bytes and its newline: 9 lines fit.
    expect(engine.lines).toHaveLength(9);
  });

  it('counts each line with its newline, exactly', () => {
    const engine = createEngine({ outputLimit: 12 });
    engine.execute('print("hello") print("hello")');
    expect(() => engine.execute('print("hello") print("hello") print("")')).toThrow(OutputLimitError);
    expect(createEngine({ outputLimit: 0 }).execute('return 1')).toBe(1);
    expect(() => createEngine({ outputLimit: 0 }).execute('print()')).toThrow(OutputLimitError);
  });

  it('fails the request even when the script catches the error', () => {
    const engine = createEngine({ outputLimit: 10 });
    const error = thrown(() => engine.execute('local ok = pcall(print, ("x"):rep(50)) print("after") return ok'));
    expect(error).toBeInstanceOf(OutputLimitError);
    expect(engine.lines).toEqual([]);
  });

  it('is a budget per request', () => {
    const engine = createEngine({ outputLimit: 6 });
    for (let i = 0; i < 5; i++) engine.execute('print("12345")');
    expect(engine.lines).toHaveLength(5);
  });

  it('is lifted by Infinity', () => {
    const engine = createEngine({ outputLimit: Infinity });
    engine.execute('for i = 1, 20 do print(("x"):rep(100000)) end');
    expect(engine.lines).toHaveLength(20);
  });
});
