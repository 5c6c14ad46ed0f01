// A callback that throws or rejects raises a Lua error the script can catch with pcall;
// uncaught, the request's LuaRuntimeError carries the JavaScript error as its cause.
import { describe, expect, it } from 'vitest';

import { IsolatedLuaVM, LuaRuntimeError } from '../src/index.js';

import { WORKER_KINDS } from './support.js';

class QuotaError extends Error {}

describe.each(WORKER_KINDS)('a throwing callback on the %s worker', (worker) => {
  describe.each([
    [
      'throws',
      (message: string) => {
        throw new QuotaError(message);
      },
    ],
    [
      'rejects',
      async (message: string) => {
        await Promise.resolve();
        throw new QuotaError(message);
      },
    ],
  ] as const)('that %s', (_how, fail) => {
    it('is a Lua error that pcall catches, with the JavaScript message', async () => {
      await using vm = await IsolatedLuaVM.create({ worker, callbacks: { fail: (message) => fail(message as string) } });
      const [ok, message, after] = await vm.execute('local ok, err = pcall(fail, "quota exceeded"); return ok, err, "carried on"', {
        results: 'all',
      });
      expect(ok).toBe(false);
      expect(message).toMatch(/quota exceeded/);
      expect(after).toBe('carried on');
    });

    it('uncaught, rejects the request with the thrown error as cause', async () => {
      let thrown: unknown;
      await using vm = await IsolatedLuaVM.create({
        worker,
        callbacks: {
          fail: async (message) => {
            try {
              return await fail(message as string);
            } catch (error) {
              thrown = error;
              throw error;
            }
          },
        },
      });
      await vm.execute('function task() local x = 1; fail("no more quota") end');
      const error = await vm.call('task').catch((e: unknown) => e);
      expect(LuaRuntimeError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/no more quota/);
      expect(thrown).toBeInstanceOf(QuotaError);
      expect((error as Error).cause).toBe(thrown);
      expect(await vm.execute('return "usable"')).toBe('usable');
    });
  });

  it('keeps no cause when the script raised its own error after catching the callback failure', async () => {
    await using vm = await IsolatedLuaVM.create({
      worker,
      callbacks: {
        fail: () => {
          throw new Error('callback failed');
        },
      },
    });
    const error = await vm.execute('pcall(fail); error("the script\'s own error", 0)').catch((e: unknown) => e);
    expect(LuaRuntimeError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("the script's own error");
    expect((error as Error).cause).toBeUndefined();
  });
});
