import { describe, expect, it } from 'vitest';
import { InstructionLimitError, type LuaEngine, LuaSyntaxError, MemoryLimitError, type LuaValue } from '../src/index.js';
import { createEngine, thrown } from './helpers.js';

/** VARARGPREP, 3 x LOADI, FORPREP, `n` x FORLOOP, RETURN. */
const loop = (n: number) => ({ code: `for i = 1, ${n} do end`, instructions: n + 6 });

/** The hook's interval on the main thread: what the count may exceed the instructions by. */
const INTERVAL = 10_000;

describe('instructionsUsed', () => {
  it('is 0 before the first request', () => {
    expect(createEngine().instructionsUsed()).toBe(0);
  });

  it('counts at least the instructions a request ran, and less than one hook interval more', () => {
    const engine = createEngine();
    for (const n of [0, 1000, 9994, 9995, 100_000, 1_234_567]) {
      const { code, instructions } = loop(n);
      engine.execute(code);
      const counted = engine.instructionsUsed();
      expect(counted, `${instructions} instructions`).toBeGreaterThanOrEqual(instructions);
      expect(counted, `${instructions} instructions`).toBeLessThan(instructions + INTERVAL);
    }
  });

  it('counts to the budget when the budget is smaller than the interval, never past it', () => {
    const engine = createEngine({ instructionLimit: 2000 });
    const { code, instructions } = loop(1000);
    engine.execute(code);
    expect(engine.instructionsUsed()).toBeGreaterThanOrEqual(instructions);
    expect(engine.instructionsUsed()).toBeLessThanOrEqual(2000);
  });

  it('counts calls as well as chunks, and a C function as one instruction', () => {
    const engine = createEngine();
    engine.execute('function spin(n) for i = 1, n do end end');
    engine.call('spin', 300_000);
    expect(engine.instructionsUsed()).toBeGreaterThanOrEqual(300_000);
    expect(engine.instructionsUsed()).toBeLessThan(300_010 + INTERVAL);
    engine.execute('local s = string.rep("x", 1e6)');
    expect(engine.instructionsUsed()).toBeLessThanOrEqual(INTERVAL);
  });

  it('counts a request stopped by its budget as exactly its limit, however it tried to go on', () => {
    const engine = createEngine();
    for (const code of ['while true do end', 'while true do pcall(function() while true do end end) end']) {
      expect(thrown(() => engine.execute(code, { instructionLimit: 123_456 }))).toBeInstanceOf(InstructionLimitError);
      expect(engine.instructionsUsed()).toBe(123_456);
    }
  });

  it('counts 0 for a request without a budget, which runs without the hook', () => {
    const engine = createEngine({ instructionLimit: Infinity });
    engine.execute(loop(100_000).code);
    expect(engine.instructionsUsed()).toBe(0);
  });

  it('counts 0 for a request that never ran Lua', () => {
    const engine = createEngine();
    engine.execute(loop(100_000).code);
    expect(thrown(() => engine.execute('return +'))).toBeInstanceOf(LuaSyntaxError);
    expect(engine.instructionsUsed()).toBe(0);
  });

  it('is left alone by requests that run no Lua', () => {
    const engine = createEngine();
    engine.execute(loop(50_000).code);
    const counted = engine.instructionsUsed();
    engine.setGlobal('x', 1);
    engine.getGlobal('x');
    engine.functionExists('x');
    engine.memoryUsage();
    expect(engine.instructionsUsed()).toBe(counted);
  });

  it('counts the requests a callback made with the request that called it', () => {
    let engine: LuaEngine;
    const seen: number[] = [];
    engine = createEngine({
      callbacks: {
        nested: () => {
          engine.execute(loop(200_000).code);
          // The request that called back has not finished: the count is still the last one's.
          seen.push(engine.instructionsUsed());
          return null as LuaValue;
        },
      },
    });
    engine.execute(loop(1000).code);
    const before = engine.instructionsUsed();
    engine.execute('nested()');
    expect(seen).toEqual([before]);
    expect(engine.instructionsUsed()).toBeGreaterThanOrEqual(200_006);
    expect(engine.instructionsUsed()).toBeLessThan(200_006 + 2 * INTERVAL);
  });
});

describe('memoryPeak', () => {
  it('starts at what the sandbox took and is never below the usage', () => {
    const engine = createEngine();
    expect(engine.memoryPeak()).toBeGreaterThanOrEqual(engine.memoryUsage());
    expect(engine.memoryPeak()).toBeGreaterThan(0);
  });

  it('keeps the peak of an allocation that was freed', () => {
    const engine = createEngine();
    engine.execute('collectgarbage()');
    const baseline = engine.memoryUsage();
    engine.execute('local big = string.rep("x", 8 * 1024 * 1024) big = nil collectgarbage()');
    expect(engine.memoryUsage()).toBeLessThan(baseline + 64 * 1024);
    const peak = engine.memoryPeak();
    expect(peak).toBeGreaterThanOrEqual(engine.memoryUsage() + 8 * 1024 * 1024);
    engine.execute('local small = {1, 2, 3}');
    expect(engine.memoryPeak()).toBe(peak);
  });

  it('never exceeds the memory limit, even when a script tried', () => {
    const limit = 4 * 1024 * 1024;
    const engine = createEngine({ memoryLimit: limit });
    expect(thrown(() => engine.execute('local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(64) .. i end'))).toBeInstanceOf(MemoryLimitError);
    expect(engine.memoryPeak()).toBeLessThanOrEqual(limit);
    expect(engine.memoryPeak()).toBeGreaterThan(limit - 256 * 1024);
  });
});
