import { describe, expect, it } from 'vitest';
import {
  ClosedError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  LuaWardError,
  MemoryLimitError,
  OutputLimitError,
} from '../src/index.js';
import { createEngine, thrown } from './helpers.js';

describe('error classes', () => {
  it.each([
    ['LuaSyntaxError', 'ERR_LUAWARD_SYNTAX', LuaSyntaxError, () => createEngine().execute('return (')],
    ['LuaRuntimeError', 'ERR_LUAWARD_RUNTIME', LuaRuntimeError, () => createEngine().execute('error("x")')],
    [
      'MemoryLimitError',
      'ERR_LUAWARD_MEMORY_LIMIT',
      MemoryLimitError,
      () => createEngine({ memoryLimit: 1 << 20 }).execute('return ("x"):rep(1 << 21)'),
    ],
    [
      'InstructionLimitError',
      'ERR_LUAWARD_INSTRUCTION_LIMIT',
      InstructionLimitError,
      () => createEngine({ instructionLimit: 1000 }).execute('while true do end'),
    ],
    ['OutputLimitError', 'ERR_LUAWARD_OUTPUT_LIMIT', OutputLimitError, () => createEngine({ outputLimit: 1 }).execute('print("xy")')],
    ['ConversionError', 'ERR_LUAWARD_CONVERSION', ConversionError, () => createEngine().execute('return print')],
    [
      'ClosedError',
      'ERR_LUAWARD_CLOSED',
      ClosedError,
      () => {
        const engine = createEngine();
        engine.close();
        engine.execute('return 1');
      },
    ],
  ])('%s has code %s and is recognised by isInstance', (name, code, type, run) => {
    const error = thrown(run);
    expect(error).toBeInstanceOf(type);
    expect(error.name).toBe(name);
    expect((error as LuaWardError).code).toBe(code);
    expect(type.isInstance(error)).toBe(true);
    expect(LuaWardError.isInstance(error)).toBe(true);
  });
});

describe('syntax errors', () => {
  it('carry the chunk name and the line', () => {
    const error = thrown(() => createEngine().execute('local a = 1\nlocal b = = 2')) as LuaSyntaxError;
    expect(error.message).toBe("script:2: unexpected symbol near '='");
    expect(error.chunkName).toBe('script');
    expect(error.line).toBe(2);
  });

  it('use the chunk name given to execute', () => {
    const error = thrown(() => createEngine().execute('x = ', { chunkName: 'config.lua' })) as LuaSyntaxError;
    expect(error.message).toBe('config.lua:1: unexpected symbol near <eof>');
    expect(error.chunkName).toBe('config.lua');
    expect(error.line).toBe(1);
  });
});

describe('runtime errors', () => {
  it('carry the traceback, the chunk name and the line', () => {
    const engine = createEngine();
    const error = thrown(() =>
      engine.execute('local function inner()\n  error("deep")\nend\nlocal function outer() inner() end\nouter()', { chunkName: 'job' }),
    ) as LuaRuntimeError;
    expect(error.message).toBe('job:2: deep');
    expect(error.chunkName).toBe('job');
    expect(error.line).toBe(2);
    expect(error.traceback).toBe(
      [
        'stack traceback:',
        "\t[C]: in function 'error'",
        "\tjob:2: in upvalue 'inner'",
        "\tjob:4: in local 'outer'",
        '\tjob:5: in main chunk',
      ].join('\n'),
    );
  });

  it('locate errors raised inside functions the host calls', () => {
    const engine = createEngine();
    engine.execute('function fail(x)\n  return x.field\nend', { chunkName: 'lib' });
    const error = thrown(() => engine.call('fail', null)) as LuaRuntimeError;
    expect(error.message).toBe("lib:2: attempt to index a nil value (local 'x')");
    expect(error.chunkName).toBe('lib');
    expect(error.line).toBe(2);
  });

  it('for a global that is not a function, say so', () => {
    const engine = createEngine();
    engine.setGlobal('notAFunction', { a: 1 });
    expect(thrown(() => engine.call('missing')).message).toBe("attempt to call a nil value (global 'missing')");
    const error = thrown(() => engine.callWith('notAFunction', []));
    expect(error).toBeInstanceOf(LuaRuntimeError);
    expect(error.message).toBe("attempt to call a table value (global 'notAFunction')");
  });

  it.each([
    ['a number', 'error(42)', '42'],
    ['a float', 'error(2.5)', '2.5'],
    ['nil', 'error()', '(error object is a nil value)'],
    ['a boolean', 'error(false)', '(error object is a boolean value)'],
    ['a function', 'error(print)', '(error object is a function value)'],
  ])('describe %s as an error value', (_name, code, message) => {
    expect(thrown(() => createEngine().execute(code)).message).toBe(message);
  });

  it('describe a table error value without running its __tostring', () => {
    const engine = createEngine();
    const error = thrown(() =>
      engine.execute('error(setmetatable({ code = 7 }, { __tostring = function() print("ran") while true do end end }))'),
    );
    expect(error).toBeInstanceOf(LuaRuntimeError);
    expect(error.message).toBe('(error object is a table value)');
    expect(engine.lines).toEqual([]);
  });

  it('cap long messages', () => {
    const error = thrown(() => createEngine().execute('error(("x"):rep(10000), 0)'));
    expect(error.message).toBe(`${'x'.repeat(4096)}… (5904 more characters)`);
  });
});

describe('callbacks that throw', () => {
  it('raise an error the script can catch, naming the callback and the message', () => {
    const engine = createEngine({
      callbacks: {
        fetch: () => {
          throw new TypeError('no network');
        },
      },
    });
    expect(engine.execute('local ok, e = pcall(function() return fetch("x") end) return ok, e', { results: 'all' })).toEqual([
      false,
      "script:1: callback 'fetch' failed: no network",
    ]);
  });

  it('uncaught, fail the request with the thrown error as cause', () => {
    const original = new TypeError('no network');
    const engine = createEngine({
      callbacks: {
        fetch: () => {
          throw original;
        },
      },
    });
    const error = thrown(() => engine.execute('local function go()\n  fetch()\nend\ngo()')) as LuaRuntimeError;
    expect(error).toBeInstanceOf(LuaRuntimeError);
    expect(error.message).toBe("script:2: callback 'fetch' failed: no network");
    expect(error.cause).toBe(original);
    expect(error.line).toBe(2);
    expect(error.traceback).toContain("in function 'fetch'");
  });

  it('keep the cause when the script rethrows the same error', () => {
    const original = new Error('boom');
    const engine = createEngine({
      callbacks: {
        fail: () => {
          throw original;
        },
      },
      libs: ['base', 'coroutine'],
    });
    expect(thrown(() => engine.execute('local ok, e = pcall(fail) error(e, 0)')).cause).toBe(original);
    expect(thrown(() => engine.execute('local co = coroutine.create(fail) local ok, e = coroutine.resume(co) error(e, 0)')).cause).toBe(
      original,
    );
  });

  it('do not lend their cause to a different error', () => {
    const engine = createEngine({
      callbacks: {
        fail: () => {
          throw new Error('boom');
        },
      },
    });
    const error = thrown(() => engine.execute('pcall(fail) error("other")'));
    expect(error.message).toBe('script:1: other');
    expect(error.cause).toBeUndefined();
    expect(thrown(() => engine.execute('error("later")')).cause).toBeUndefined();
  });

  it('report thrown values that are not errors', () => {
    const engine = createEngine({
      callbacks: {
        fail: () => {
          throw 'plain string';
        },
      },
    });
    const error = thrown(() => engine.execute('fail()'));
    expect(error.message).toBe("script:1: callback 'fail' failed: plain string");
    expect(error.cause).toBe('plain string');
  });
});

describe('onPrint that throws', () => {
  it('makes print raise an error, with the thrown error as cause', () => {
    const original = new Error('disk full');
    const engine = createEngine({
      onPrint: () => {
        throw original;
      },
    });
    expect(engine.execute('return pcall(print, "x")', { results: 'all' })).toEqual([false, 'onPrint failed: disk full']);
    const error = thrown(() => engine.execute('print("x")'));
    expect(error).toBeInstanceOf(LuaRuntimeError);
    expect(error.message).toBe('script:1: onPrint failed: disk full');
    expect(error.cause).toBe(original);
  });
});
