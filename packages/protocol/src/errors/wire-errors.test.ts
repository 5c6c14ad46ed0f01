import { describe, expect, it } from 'vitest';
import type { ErrorMessage } from '../messages/types.js';
import {
  AbortError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  MemoryLimitError,
  OutputLimitError,
  ProtocolError,
  TimeoutError,
} from './errors.js';
import { errorFromWire, errorToWire } from './wire-errors.js';

const base = { type: 'error', id: 4 } as const;

describe('errorFromWire', () => {
  it('rebuilds the class of each code with the fields it carries', () => {
    const syntax = errorFromWire({ ...base, code: 'ERR_LUAWARD_SYNTAX', message: 'unexpected symbol', chunkName: '=input', line: 2 });
    expect(LuaSyntaxError.isInstance(syntax)).toBe(true);
    expect(syntax).toMatchObject({ message: 'unexpected symbol', chunkName: '=input', line: 2, code: 'ERR_LUAWARD_SYNTAX' });

    const runtime = errorFromWire({
      ...base,
      code: 'ERR_LUAWARD_RUNTIME',
      message: 'boom',
      traceback: 'stack traceback:',
      chunkName: '=c',
      line: 9,
    });
    expect(LuaRuntimeError.isInstance(runtime)).toBe(true);
    expect(runtime).toMatchObject({ traceback: 'stack traceback:', chunkName: '=c', line: 9 });

    expect(errorFromWire({ ...base, code: 'ERR_LUAWARD_MEMORY_LIMIT', message: 'm', limit: 1024 })).toMatchObject({
      limit: 1024,
      name: 'MemoryLimitError',
    });
    expect(MemoryLimitError.isInstance(errorFromWire({ ...base, code: 'ERR_LUAWARD_MEMORY_LIMIT', message: 'm' }))).toBe(true);
    expect(
      InstructionLimitError.isInstance(errorFromWire({ ...base, code: 'ERR_LUAWARD_INSTRUCTION_LIMIT', message: 'i', limit: 5 })),
    ).toBe(true);
    expect(OutputLimitError.isInstance(errorFromWire({ ...base, code: 'ERR_LUAWARD_OUTPUT_LIMIT', message: 'o', limit: 5 }))).toBe(true);
    expect(errorFromWire({ ...base, code: 'ERR_LUAWARD_CONVERSION', message: 'c', path: 'result[1].f' })).toMatchObject({
      path: 'result[1].f',
      name: 'ConversionError',
    });
    expect(AbortError.isInstance(errorFromWire({ ...base, code: 'ERR_LUAWARD_ABORTED', message: 'a' }))).toBe(true);
    const refused = errorFromWire({ ...base, code: 'ERR_LUAWARD_PROTOCOL', message: 'no utf8 here' });
    expect(ProtocolError.isInstance(refused)).toBe(true);
    expect(refused.message).toBe('the worker refused the request: no utf8 here');
  });

  it('attaches the cause, such as the error a host callback threw', () => {
    const cause = new TypeError('fetch failed');
    const error = errorFromWire({ ...base, code: 'ERR_LUAWARD_RUNTIME', message: 'input:1: fetch failed', callbackId: 3 }, cause);
    expect(error.cause).toBe(cause);
    expect('cause' in errorFromWire({ ...base, code: 'ERR_LUAWARD_RUNTIME', message: 'x' })).toBe(false);
  });
});

describe('errorToWire', () => {
  it('keeps the code and fields of errors whose code may travel', () => {
    const error = new LuaRuntimeError('boom', { traceback: 'tb', chunkName: '=c', line: 4 });
    expect(errorToWire(7, error)).toEqual({
      type: 'error',
      id: 7,
      code: 'ERR_LUAWARD_RUNTIME',
      message: 'boom',
      traceback: 'tb',
      chunkName: '=c',
      line: 4,
    });
    expect(errorToWire(7, new MemoryLimitError('m', { limit: 99 }))).toEqual({
      type: 'error',
      id: 7,
      code: 'ERR_LUAWARD_MEMORY_LIMIT',
      message: 'm',
      limit: 99,
    });
    expect(errorToWire(7, new ConversionError('c', { path: 'args[0]' }))).toEqual({
      type: 'error',
      id: 7,
      code: 'ERR_LUAWARD_CONVERSION',
      message: 'c',
      path: 'args[0]',
    });
  });

  it('sends anything else as a runtime error with its message', () => {
    expect(errorToWire(1, new TimeoutError('too slow'))).toEqual({
      type: 'error',
      id: 1,
      code: 'ERR_LUAWARD_RUNTIME',
      message: 'too slow',
    });
    expect(errorToWire(1, new RangeError('r'))).toEqual({ type: 'error', id: 1, code: 'ERR_LUAWARD_RUNTIME', message: 'r' });
    expect(errorToWire(1, 'thrown text')).toEqual({ type: 'error', id: 1, code: 'ERR_LUAWARD_RUNTIME', message: 'thrown text' });
  });

  it('round-trips through errorFromWire', () => {
    const original = new LuaSyntaxError('bad', { chunkName: '=x', line: 1 });
    const message: ErrorMessage = errorToWire(2, original);
    const rebuilt = errorFromWire(message);
    expect(rebuilt).toMatchObject({ name: 'LuaSyntaxError', message: 'bad', chunkName: '=x', line: 1 });
  });
});
