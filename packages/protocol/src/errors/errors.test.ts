import { describe, expect, it } from 'vitest';
import { ClosedError, LuaRuntimeError, LuaWardError, MAX_ERROR_MESSAGE_LENGTH, MemoryLimitError, WorkerCrashedError } from './index.js';

describe('errors', () => {
  it('carry a stable code, a name and their own fields', () => {
    const error = new WorkerCrashedError('worker died', { exitCode: null, signal: 'SIGSEGV' });
    expect(error.code).toBe('ERR_LUAWARD_WORKER_CRASHED');
    expect(error.name).toBe('WorkerCrashedError');
    expect(error.signal).toBe('SIGSEGV');
    expect(error.exitCode).toBeNull();
    expect(error).toBeInstanceOf(Error);
  });

  it('are recognised by isInstance across copies of the package, by marker', () => {
    const error = new MemoryLimitError('too much', { limit: 1024 });
    expect(LuaWardError.isInstance(error)).toBe(true);
    expect(MemoryLimitError.isInstance(error)).toBe(true);
    expect(ClosedError.isInstance(error)).toBe(false);
    // What another copy of the package would create: same markers, other classes.
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('luaward.error')]: true,
      [Symbol.for('luaward.error.ClosedError')]: true,
    });
    expect(ClosedError.isInstance(foreign)).toBe(true);
    expect(LuaWardError.isInstance(new Error('plain'))).toBe(false);
    expect(LuaWardError.isInstance(null)).toBe(false);
  });

  it('keep the cause and cap the message length', () => {
    const cause = new TypeError('boom');
    const error = new LuaRuntimeError('x'.repeat(MAX_ERROR_MESSAGE_LENGTH + 10), { cause, traceback: 'stack traceback:' });
    expect(error.cause).toBe(cause);
    expect(error.traceback).toBe('stack traceback:');
    expect(error.message.startsWith('x'.repeat(MAX_ERROR_MESSAGE_LENGTH))).toBe(true);
    expect(error.message.endsWith('(10 more characters)')).toBe(true);
  });
});
