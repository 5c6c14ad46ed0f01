import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ClosedError, InstructionLimitError, LuaEngine, LuaRuntimeError, type LuaValue } from '../src/index.js';
import { createEngine, thrown } from './helpers.js';

describe('close', () => {
  it('makes every method throw ClosedError', () => {
    const engine = new LuaEngine();
    engine.execute('function f() return 1 end');
    engine.close();
    expect(engine.closed).toBe(true);
    for (const use of [
      () => engine.execute('return 1'),
      () => engine.call('f'),
      () => engine.callWith('f', []),
      () => engine.functionExists('f'),
      () => engine.getGlobal('f'),
      () => engine.setGlobal('x', 1),
      () => engine.memoryUsage(),
      () => engine.memoryPeak(),
      () => engine.instructionsUsed(),
    ]) {
      const error = thrown(use);
      expect(error).toBeInstanceOf(ClosedError);
      expect(error.message).toBe('the engine is closed');
    }
  });

  it('is idempotent, and Symbol.dispose closes too', () => {
    const engine = new LuaEngine();
    expect(engine.closed).toBe(false);
    engine[Symbol.dispose]();
    expect(engine.closed).toBe(true);
    engine.close();
    engine[Symbol.dispose]();
    expect(engine.closed).toBe(true);
  });

  it('from a callback stops the script and fails the request with ClosedError', () => {
    let engine: LuaEngine;
    const ran: string[] = [];
    engine = createEngine({
      callbacks: {
        shutdown: () => {
          engine.close();
        },
        after: () => {
          ran.push('after');
        },
      },
    });
    const error = thrown(() => engine.execute('shutdown() pcall(after) while true do end'));
    expect(error).toBeInstanceOf(ClosedError);
    expect(error.message).toBe('the engine was closed during the request');
    expect(ran).toEqual([]);
    expect(engine.closed).toBe(true);
    expect(() => engine.execute('return 1')).toThrow(ClosedError);
  });

  it('from a callback stops a script that runs without a budget', () => {
    let engine: LuaEngine;
    engine = createEngine({
      instructionLimit: Infinity,
      callbacks: {
        shutdown: () => {
          engine.close();
        },
      },
    });
    expect(() => engine.execute('pcall(shutdown) while true do end')).toThrow(ClosedError);
  });
});

describe('engines', () => {
  it('are independent: globals, limits and memory', () => {
    const small = createEngine({ memoryLimit: 2 * 1024 * 1024, instructionLimit: 10_000 });
    const large = createEngine();
    small.setGlobal('who', 'small');
    large.setGlobal('who', 'large');
    expect(small.getGlobal('who')).toBe('small');
    expect(large.getGlobal('who')).toBe('large');
    expect(() => small.execute('for i = 1, 1e6 do end')).toThrow();
    expect(large.execute('for i = 1, 1e6 do end return "done"')).toBe('done');
    large.execute('big = ("x"):rep(4 * 1024 * 1024)');
    expect(large.memoryUsage()).toBeGreaterThan(4 * 1024 * 1024);
    expect(small.memoryUsage()).toBeLessThan(1024 * 1024);
    small.close();
    expect(large.execute('return #big')).toBe(4 * 1024 * 1024);
  });

  it('run in worker threads, each with its own state', async () => {
    const run = (id: number) =>
      new Promise<{ result: LuaValue; lines: string[]; limited: boolean }>((resolve, reject) => {
        const worker = new Worker(new URL('./fixtures/worker-engine.mjs', import.meta.url), { workerData: { id } });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    const results = await Promise.all([run(1), run(2)]);
    expect(results).toEqual([
      { result: { id: 1, doubled: 42 }, lines: ['worker 1'], limited: true },
      { result: { id: 2, doubled: 42 }, lines: ['worker 2'], limited: true },
    ]);
    expect(createEngine().execute('return "main thread still fine"')).toBe('main thread still fine');
  });
});

describe('callbacks that call back into the engine', () => {
  it('work, sharing the request they run in', () => {
    let engine: LuaEngine;
    engine = createEngine({
      callbacks: {
        lookup: (key) => engine.execute(`return data[${JSON.stringify(key)}]`) as LuaValue,
        bump: () => {
          engine.setGlobal('count', (engine.getGlobal('count') as number) + 1);
        },
      },
    });
    engine.execute('data = { a = 1, b = 2 } count = 0');
    expect(engine.execute('bump() bump() return lookup("a") + lookup("b") + count')).toBe(5);
  });

  it('get at most what is left of the enclosing budget, and using it up ends both', () => {
    let engine: LuaEngine;
    let innerError: unknown;
    engine = createEngine({
      instructionLimit: 50_000,
      callbacks: {
        inner: () => {
          try {
            return engine.execute('for i = 1, 1e6 do end return 1', { instructionLimit: 1e9 }) as LuaValue;
          } catch (error) {
            innerError = error;
            return 'caught';
          }
        },
      },
    });
    const error = thrown(() => engine.execute('local r = inner() return r'));
    expect(innerError).toBeInstanceOf(InstructionLimitError);
    expect(error).toBeInstanceOf(InstructionLimitError);
    expect((error as InstructionLimitError).limit).toBe(50_000);
  });

  it('may use a smaller budget of their own without failing the enclosing request', () => {
    let engine: LuaEngine;
    engine = createEngine({
      callbacks: {
        attempt: () => {
          try {
            engine.execute('while true do end', { instructionLimit: 1000 });
          } catch (error) {
            return (error as Error).name;
          }
          return 'finished';
        },
      },
    });
    expect(engine.execute('local r = attempt() for i = 1, 1000 do end return r')).toBe('InstructionLimitError');
  });

  it('run from inside a coroutine', () => {
    let engine: LuaEngine;
    engine = createEngine({
      libs: ['base', 'coroutine'],
      callbacks: { nested: (n) => engine.call('twice', n) as LuaValue },
    });
    engine.execute('function twice(n) return n * 2 end');
    expect(engine.execute('return coroutine.wrap(function(x) local y = coroutine.yield(nested(x)) return nested(y) end)(5)')).toBe(10);
  });

  it('stop at 16 levels with a LuaRuntimeError', () => {
    let engine: LuaEngine;
    let deepest = 0;
    engine = createEngine({
      callbacks: {
        descend: (level) => {
          deepest = level as number;
          return engine.call('down', (level as number) + 1) as LuaValue;
        },
      },
    });
    engine.execute('function down(level) if level > 100 then return level end return descend(level) end');
    const error = thrown(() => engine.call('down', 1));
    expect(error).toBeInstanceOf(LuaRuntimeError);
    expect(deepest).toBe(16);
    let innermost = error;
    while (innermost.cause instanceof Error) innermost = innermost.cause;
    expect(innermost).toBeInstanceOf(LuaRuntimeError);
    expect(innermost.message).toBe('host callbacks called back into the engine more than 16 levels deep');
    expect(engine.call('down', 1000)).toBe(1000);
  });
});
