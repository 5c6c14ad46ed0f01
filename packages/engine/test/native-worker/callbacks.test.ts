// Host callbacks over the wire: a callback frame per call, nested requests while one waits,
// errors the script can catch or not, and print frames.
import type { CallbackMessage } from '@luaward/protocol';
import { describe, expect, it } from 'vitest';

import { type WorkerProcess, withWorker } from './worker-process.js';

function ready(worker: WorkerProcess, maxCallbackDepth = 4): Promise<unknown> {
  return worker.handshake({ callbacks: ['fetch', 'log'], maxCallbackDepth });
}

describe('host callbacks', () => {
  it('sends a callback frame with the arguments and returns the host value to the script', () =>
    withWorker(async (worker) => {
      await ready(worker);
      const seen: CallbackMessage[] = [];
      const reply = await worker.request(
        {
          type: 'execute',
          id: 2,
          code: 'local r = fetch("https://example.com", {timeout = 5}) return r.status, r.body',
          chunkName: '=input',
        },
        {
          onCallback: (callback) => {
            seen.push(callback);
            return { value: { status: 200, body: 'ok' } };
          },
        },
      );
      expect(seen).toEqual([{ type: 'callback', id: 1, name: 'fetch', args: ['https://example.com', { timeout: 5 }], depth: 1 }]);
      expect(reply).toEqual({ type: 'result', id: 2, values: [200, 'ok'] });
    }));

  it('returns exactly one value, nil included', () =>
    withWorker(async (worker) => {
      await ready(worker);
      const reply = await worker.request(
        { type: 'execute', id: 2, code: 'return select("#", fetch()), fetch()', chunkName: '=n' },
        { onCallback: () => ({ value: null }) },
      );
      expect(reply).toEqual({ type: 'result', id: 2, values: [1, null] });
    }));

  it('numbers its callbacks in its own id space', () =>
    withWorker(async (worker) => {
      await ready(worker);
      const ids: number[] = [];
      await worker.request(
        { type: 'execute', id: 7, code: 'fetch() log() fetch()', chunkName: '=ids' },
        {
          onCallback: (callback) => {
            ids.push(callback.id);
            return { value: null };
          },
        },
      );
      expect(ids).toEqual([1, 2, 3]);
    }));

  it('serves requests that arrive while a callback waits, nested callbacks included', () =>
    withWorker(async (worker) => {
      await ready(worker);
      await worker.request({
        type: 'execute',
        id: 2,
        code: 'config = {level = 3}\nfunction inner(x) return log(x) * 2 end',
        chunkName: '=setup',
      });
      const depths: number[] = [];
      const reply = await worker.request(
        { type: 'execute', id: 3, code: 'return fetch() + 1', chunkName: '=outer' },
        {
          onCallback: async (callback) => {
            depths.push(callback.depth);
            if (callback.name === 'log') return { value: (callback.args[0] as number) + 100 };
            // While fetch waits, the host reads a global and calls back into Lua, which calls log.
            const global = await worker.request({ type: 'getGlobal', id: 4, name: 'config' });
            expect(global).toEqual({ type: 'result', id: 4, values: [{ level: 3 }] });
            const nested = await worker.request(
              { type: 'call', id: 5, name: 'inner', args: [1] },
              {
                onCallback: (inner) => {
                  depths.push(inner.depth);
                  return { value: 10 };
                },
              },
            );
            expect(nested).toEqual({ type: 'result', id: 5, values: [20] });
            return { value: 41 };
          },
        },
      );
      expect(reply).toEqual({ type: 'result', id: 3, values: [42] });
      expect(depths).toEqual([1, 2]);
    }));

  it('raises a callbackError in Lua, where pcall catches it', () =>
    withWorker(async (worker) => {
      await ready(worker);
      const reply = await worker.request(
        { type: 'execute', id: 2, code: 'local ok, err = pcall(function() return fetch() end)\nreturn ok, err', chunkName: '=input' },
        { onCallback: () => ({ error: 'fetch failed: ECONNREFUSED' }) },
      );
      expect(reply).toEqual({ type: 'result', id: 2, values: [false, 'input:1: fetch failed: ECONNREFUSED'] });
    }));

  it('fails the request with the callback id when the script does not catch the error', () =>
    withWorker(async (worker) => {
      await ready(worker);
      await worker.request({ type: 'execute', id: 2, code: 'log()', chunkName: '=first' }, { onCallback: () => ({ value: null }) });
      const reply = await worker.request(
        { type: 'execute', id: 3, code: '\n\nlocal r = fetch()', chunkName: '=input' },
        { onCallback: () => ({ error: 'fetch failed' }) },
      );
      expect(reply).toEqual({
        type: 'error',
        id: 3,
        code: 'ERR_LUAWARD_RUNTIME',
        message: 'input:3: fetch failed',
        traceback: expect.stringMatching(/^stack traceback:\n\t\[C\]: in function 'fetch'\n\tinput:3: in main chunk/),
        chunkName: 'input',
        line: 3,
        callbackId: 2,
      });
    }));

  it('gives the script a Lua error instead of a callback past maxCallbackDepth', () =>
    withWorker(async (worker) => {
      await ready(worker, 1);
      await worker.request({ type: 'execute', id: 2, code: 'function inner() return pcall(log) end', chunkName: '=setup' });
      const callbacks: string[] = [];
      const reply = await worker.request(
        { type: 'execute', id: 3, code: 'return fetch()', chunkName: '=outer' },
        {
          onCallback: async (callback) => {
            callbacks.push(callback.name);
            const nested = await worker.request({ type: 'call', id: 4, name: 'inner', args: [] });
            return { value: nested.type === 'result' ? nested.values : null };
          },
        },
      );
      expect(callbacks).toEqual(['fetch']);
      expect(reply).toEqual({
        type: 'result',
        id: 3,
        values: [[false, "callback 'log' cannot run: 1 host callbacks already wait for a reply (maxCallbackDepth 1)"]],
      });
    }));

  it('refuses a callback result Lua cannot hold, as a Lua error', () =>
    withWorker(async (worker) => {
      await ready(worker);
      const reply = await worker.request(
        { type: 'execute', id: 2, code: 'return pcall(fetch)', chunkName: '=r' },
        { onCallback: () => ({ value: 2n ** 64n - 1n }) },
      );
      expect(reply).toEqual({
        type: 'result',
        id: 2,
        values: [
          false,
          "callback 'fetch' returned a value that cannot be converted: cannot convert an integer above 2^63 - 1 (Lua integers are 64-bit signed) at result",
        ],
      });
    }));

  it('exits 2 when the host answers an outer callback before the inner one', () =>
    withWorker(async (worker) => {
      await ready(worker);
      await worker.request({ type: 'execute', id: 2, code: 'function inner() return log() end', chunkName: '=setup' });
      worker.send({ type: 'execute', id: 3, code: 'return fetch()', chunkName: '=outer' });
      const outer = await worker.next();
      expect(outer).toMatchObject({ type: 'callback', id: 1, name: 'fetch' });
      worker.send({ type: 'call', id: 4, name: 'inner', args: [] });
      expect(await worker.next()).toMatchObject({ type: 'callback', id: 2, name: 'log', depth: 2 });
      worker.send({ type: 'callbackResult', id: 1, value: null });
      expect(await worker.exited).toEqual({ code: 2, signal: null });
      expect(worker.stderr).toMatch(/answered callback 1 before callback 2/);
    }));
});

describe('print', () => {
  it('sends each printed line as a print frame: text as str, other bytes as bin', () =>
    withWorker(async (worker) => {
      await ready(worker);
      const reply = await worker.request({
        type: 'execute',
        id: 2,
        code: 'print("hello", 1, nil, true, 1.5)\nprint("\\255\\254")\nprint()',
        chunkName: '=p',
      });
      expect(reply).toEqual({ type: 'result', id: 2, values: [] });
      expect(worker.printed).toEqual(['hello\t1\tnil\ttrue\t1.5', Uint8Array.of(0xff, 0xfe), '']);
    }));

  it('prints from requests nested in a callback too', () =>
    withWorker(async (worker) => {
      await ready(worker);
      await worker.request({ type: 'execute', id: 2, code: 'function shout(s) print(s:upper()) end', chunkName: '=setup' });
      const reply = await worker.request(
        { type: 'execute', id: 3, code: 'print("before") fetch() print("after")', chunkName: '=p' },
        {
          onCallback: async () => {
            await worker.request({ type: 'call', id: 4, name: 'shout', args: ['inside'] });
            return { value: null };
          },
        },
      );
      expect(reply).toEqual({ type: 'result', id: 3, values: [] });
      expect(worker.printed).toEqual(['before', 'INSIDE', 'after']);
    }));
});

describe('stats', () => {
  async function stats(worker: WorkerProcess, id: number): Promise<{ memory: number; memoryPeak: number; instructions: number }> {
    const reply = await worker.request({ type: 'stats', id });
    if (reply.type !== 'stats' || reply.memoryPeak === undefined)
      throw new Error(`expected stats with memoryPeak, got ${JSON.stringify(reply)}`);
    return { memory: reply.memory, memoryPeak: reply.memoryPeak, instructions: reply.instructions };
  }

  it('reports the memory the Lua state holds', () =>
    withWorker(async (worker) => {
      await ready(worker);
      const before = await stats(worker, 2);
      await worker.request({ type: 'execute', id: 3, code: 'big = string.rep("x", 1 << 20)', chunkName: '=alloc' });
      const after = await stats(worker, 4);
      expect(after.memory - before.memory).toBeGreaterThanOrEqual(1 << 20);
    }));

  it('reports the peak memory, which stays when the memory is freed', () =>
    withWorker(async (worker) => {
      await ready(worker);
      const before = await stats(worker, 2);
      expect(before.memoryPeak).toBeGreaterThanOrEqual(before.memory);
      await worker.request({
        type: 'execute',
        id: 3,
        code: 'local big = string.rep("x", 4 << 20) big = nil collectgarbage()',
        chunkName: '=alloc',
      });
      const after = await stats(worker, 4);
      expect(after.memory).toBeLessThan(before.memory + (64 << 10));
      expect(after.memoryPeak).toBeGreaterThanOrEqual(after.memory + (4 << 20));
    }));

  it('reports the instructions charged to the last execute or call, to the hook interval', () =>
    withWorker(async (worker) => {
      await ready(worker);
      expect((await stats(worker, 2)).instructions).toBe(0);
      // VARARGPREP, 3 x LOADI, FORPREP, 100 000 x FORLOOP, RETURN: 100 006 instructions. The
      // hook counts in intervals of 10 000, the one under way at the end counted whole.
      await worker.request({ type: 'execute', id: 3, code: 'for i = 1, 100000 do end', chunkName: '=loop' });
      const counted = (await stats(worker, 4)).instructions;
      expect(counted).toBeGreaterThanOrEqual(100_006);
      expect(counted).toBeLessThan(100_006 + 10_000);
      // Requests that run no Lua leave the count alone.
      await worker.request({ type: 'getGlobal', id: 5, name: 'big' });
      expect((await stats(worker, 6)).instructions).toBe(counted);
      // A function's instructions count like a chunk's.
      await worker.request({ type: 'execute', id: 7, code: 'function spin(n) for i = 1, n do end end', chunkName: '=setup' });
      await worker.request({ type: 'call', id: 8, name: 'spin', args: [50_000] });
      const called = (await stats(worker, 9)).instructions;
      expect(called).toBeGreaterThanOrEqual(50_000);
      expect(called).toBeLessThan(50_010 + 10_000);
    }));

  it('counts a request stopped by its budget as its limit, and one without a budget as 0', () =>
    withWorker(async (worker) => {
      await ready(worker);
      const stopped = await worker.request({
        type: 'execute',
        id: 2,
        code: 'while true do pcall(function() while true do end end) end',
        chunkName: '=loop',
        instructionLimit: 123_456,
      });
      expect(stopped).toMatchObject({ type: 'error', code: 'ERR_LUAWARD_INSTRUCTION_LIMIT' });
      expect((await stats(worker, 3)).instructions).toBe(123_456);
      await worker.request({ type: 'execute', id: 4, code: 'for i = 1, 100000 do end', chunkName: '=loop', instructionLimit: null });
      expect((await stats(worker, 5)).instructions).toBe(0);
    }));

  it('counts the requests a callback made with the request that made the callback', () =>
    withWorker(async (worker) => {
      await ready(worker);
      await worker.request({ type: 'execute', id: 2, code: 'function spin(n) for i = 1, n do end end', chunkName: '=setup' });
      const last = (await stats(worker, 3)).instructions;
      const reply = await worker.request(
        { type: 'execute', id: 4, code: 'fetch()', chunkName: '=outer' },
        {
          onCallback: async () => {
            await worker.request({ type: 'call', id: 5, name: 'spin', args: [200_000] });
            // The request around this one has not finished: the count is still the last one's.
            expect((await stats(worker, 6)).instructions).toBe(last);
            return { value: null };
          },
        },
      );
      expect(reply).toEqual({ type: 'result', id: 4, values: [] });
      expect((await stats(worker, 7)).instructions).toBeGreaterThanOrEqual(200_000);
    }));
});
