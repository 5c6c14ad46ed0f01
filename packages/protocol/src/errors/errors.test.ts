import { describe, expect, it } from 'vitest';
import { WIRE_ERROR_CODES } from '../constants.js';
import * as errors from './errors.js';
import { ClosedError, LuaRuntimeError, LuaWardError, MAX_ERROR_MESSAGE_LENGTH, MemoryLimitError, WorkerCrashedError } from './errors.js';
import { errorFromWire, errorToWire } from './wire-errors.js';

/** Every error class the module exports. */
const CLASSES = Object.values(errors).filter(
  (value): value is typeof LuaWardError => typeof value === 'function' && value.prototype instanceof Error,
);

/** The built module, loaded again under another URL: what a second copy of the package is. */
async function anotherCopy(tag: string): Promise<typeof errors> {
  return (await import(/* @vite-ignore */ `${new URL('../../dist/errors/errors.js', import.meta.url).href}?copy=${tag}`)) as typeof errors;
}

describe('errors', () => {
  it('carry their own fields, a name and a code of their own', () => {
    const error = new WorkerCrashedError('worker died', { exitCode: null, signal: 'SIGSEGV' });
    expect(error.name).toBe('WorkerCrashedError');
    expect(error.signal).toBe('SIGSEGV');
    expect(error.exitCode).toBeNull();
    expect(error).toBeInstanceOf(Error);
    expect(new MemoryLimitError('m', { limit: 5 })).toMatchObject({ name: 'MemoryLimitError', limit: 5, message: 'm' });
    // Every class has its own name and code, so that neither says which class an error is by accident.
    expect(CLASSES.length).toBe(12);
    const made = CLASSES.map((ErrorClass) => new ErrorClass('x'));
    expect(new Set(made.map((error) => error.code)).size).toBe(CLASSES.length);
    expect(made.map((error) => error.name)).toEqual(CLASSES.map((ErrorClass) => ErrorClass.name));
  });

  it('rebuild every code a worker may send as the class that carries it, and send it back unchanged', () => {
    for (const code of WIRE_ERROR_CODES) {
      const error = errorFromWire({ type: 'error', id: 1, code, message: 'm' });
      expect(error.code).toBe(code);
      expect(
        CLASSES.filter((ErrorClass) => error instanceof ErrorClass)
          .map((ErrorClass) => ErrorClass.name)
          .sort(),
      ).toEqual(['LuaWardError', error.name].sort());
      expect(errorToWire(1, error).code).toBe(code);
    }
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

  it('are recognised by instanceof and isInstance across two loaded copies of the built module', async () => {
    const [a, b] = await Promise.all([anotherCopy('a'), anotherCopy('b')]);
    expect(a.MemoryLimitError).not.toBe(b.MemoryLimitError);
    for (const name of ['MemoryLimitError', 'ClosedError', 'LuaRuntimeError', 'WorkerCrashedError'] as const) {
      const error = new a[name]('x');
      expect(error instanceof b[name], name).toBe(true);
      expect(error instanceof b.LuaWardError, name).toBe(true);
      expect(error instanceof Error, name).toBe(true);
      expect(b[name].isInstance(error), name).toBe(true);
      // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the test walks the module's classes by name
      expect(error instanceof errors[name], name).toBe(true);
    }
    expect(new a.MemoryLimitError('x') instanceof b.OutputLimitError).toBe(false);
    expect(new a.LuaRuntimeError('x') instanceof b.LuaSyntaxError).toBe(false);
    expect(new Error('plain') instanceof b.LuaWardError).toBe(false);
    // isInstance works unbound, as a predicate.
    expect([new a.ClosedError('x'), new a.AbortError('y')].filter(b.ClosedError.isInstance)).toHaveLength(1);
  });

  it('leave subclasses made outside the package to ordinary instanceof', () => {
    class QuotaError extends ClosedError {}
    const quota = new QuotaError('over quota');
    expect(quota.name).toBe('QuotaError');
    expect(quota).toBeInstanceOf(QuotaError);
    expect(quota).toBeInstanceOf(ClosedError);
    expect(new ClosedError('x')).not.toBeInstanceOf(QuotaError);
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
