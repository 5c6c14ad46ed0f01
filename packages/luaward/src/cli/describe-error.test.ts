import {
  AbortError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  MemoryLimitError,
  OutputLimitError,
  TimeoutError,
} from '@luaward/protocol';
import { describe, expect, it } from 'vitest';

import { describeError } from './describe-error.js';

describe('describeError', () => {
  it('keeps the place Lua put in front of its own message', () => {
    const error = new LuaRuntimeError("hello.lua:3: attempt to call a nil value (global 'x')", { chunkName: 'hello.lua', line: 3 });
    expect(describeError(error, 'hello.lua')).toBe("hello.lua:3: attempt to call a nil value (global 'x')");
    const syntax = new LuaSyntaxError("hello.lua:1: unexpected symbol near '+'", { chunkName: 'hello.lua', line: 1 });
    expect(describeError(syntax, 'hello.lua')).toBe("hello.lua:1: unexpected symbol near '+'");
  });

  it('adds the place when Lua knows it but the message does not say it', () => {
    expect(describeError(new LuaRuntimeError('plain', { chunkName: 'a.lua', line: 7 }), 'a.lua')).toBe('a.lua:7: plain');
    expect(describeError(new LuaRuntimeError('plain'), 'a.lua')).toBe('a.lua: plain');
  });

  it('says which limit was exceeded, in the units the user gave', () => {
    expect(describeError(new MemoryLimitError('not enough memory', { limit: 10 * 1024 * 1024 }), 'a.lua')).toBe(
      'a.lua: memory limit of 10 MB exceeded',
    );
    expect(describeError(new InstructionLimitError('x', { limit: 1000 }), 'a.lua')).toBe(
      'a.lua: instruction limit of 1000 instructions exceeded',
    );
    expect(describeError(new OutputLimitError('x', { limit: 1024 * 1024 }), 'a.lua')).toBe('a.lua: output limit of 1 MB exceeded');
    expect(describeError(new TimeoutError('x', { timeout: 2000 }), 'a.lua')).toBe(
      'a.lua: time limit of 2 s exceeded (the worker was killed)',
    );
    expect(describeError(new MemoryLimitError('x'), 'a.lua')).toBe('a.lua: memory limit exceeded');
  });

  it('names conversion failures and interruptions', () => {
    expect(describeError(new ConversionError('a table nests deeper than 64 levels'), 'a.lua')).toBe(
      'a.lua: a value could not be converted: a table nests deeper than 64 levels',
    );
    expect(describeError(new AbortError('aborted'), 'stdin')).toBe('stdin: interrupted');
  });

  it('keeps a hostile message on one line, with control characters escaped', () => {
    const error = new LuaRuntimeError('a.lua:1: line one\nline two\u001b[31m\ttab', { chunkName: 'a.lua', line: 1 });
    expect(describeError(error, 'a.lua')).toBe('a.lua:1: line one\\nline two\\x1b[31m\\ttab');
  });

  it('describes any other error by its message, without a place when none is given', () => {
    expect(describeError(new Error('spawn failed'))).toBe('spawn failed');
    expect(describeError('a string')).toBe('a string');
  });
});
