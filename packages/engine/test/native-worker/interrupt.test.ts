// `interrupt` over the wire: the worker reads its input while Lua runs, stops the request the
// host names with ERR_LUAWARD_ABORTED whatever the script does to catch it, and goes on serving
// with its Lua state intact. Scripts print once they are running, so that the interrupt always
// arrives while they run: nothing here depends on timing.
import { describe, expect, it } from 'vitest';

import { type WorkerProcess, withWorker } from './worker-process.js';

const ABORTED = { type: 'error', code: 'ERR_LUAWARD_ABORTED', message: 'the request was interrupted' };

/** Waits for the `print` that says a script runs. */
async function expectPrinted(worker: WorkerProcess, data: string): Promise<void> {
  expect(await worker.next()).toEqual({ type: 'print', data });
}

/** Starts `code` as request `id` with no instruction budget and waits until it prints `running`. */
async function startLoop(worker: WorkerProcess, id: number, code: string): Promise<void> {
  worker.send({ type: 'execute', id, code: `print("running") ${code}`, chunkName: '=loop', instructionLimit: null });
  await expectPrinted(worker, 'running');
}

async function expectServes(worker: WorkerProcess, id: number): Promise<void> {
  expect(await worker.request({ type: 'getGlobal', id, name: 'kept' })).toEqual({ type: 'result', id, values: ['before'] });
  expect(await worker.request({ type: 'execute', id: id + 1, code: 'return kept .. " and after"', chunkName: '=next' })).toEqual({
    type: 'result',
    id: id + 1,
    values: ['before and after'],
  });
}

describe('interrupt', () => {
  it('is a capability of the worker', () =>
    withWorker(async (worker) => {
      const { hello } = await worker.handshake();
      expect(hello.capabilities).toContain('interrupt');
    }));

  it('stops an endless loop that has no instruction budget; the worker serves on with its state', () =>
    withWorker(async (worker) => {
      await worker.handshake({ instructionLimit: null });
      await worker.request({ type: 'execute', id: 2, code: 'kept = "before"', chunkName: '=setup' });
      await startLoop(worker, 3, 'while true do end');
      worker.send({ type: 'interrupt', id: 3 });
      expect(await worker.next()).toEqual({ ...ABORTED, id: 3 });
      await expectServes(worker, 4);
    }));

  it.each([
    ['pcall in a loop', 'while true do pcall(function() while true do end end) end'],
    ['pcall that would return normally', 'pcall(function() while true do end end) kept = "changed"'],
    ['nested pcall and error', 'while true do pcall(pcall, function() while true do pcall(error, "x") end end) end'],
    ['xpcall whose handler loops', 'while true do xpcall(function() while true do end end, function() while true do end end) end'],
    ['coroutines in a loop', 'while true do coroutine.resume(coroutine.create(function() while true do end end)) end'],
    ['coroutine.wrap under pcall', 'while true do pcall(coroutine.wrap(function() while true do coroutine.yield() end end)) end'],
    [
      'a __close handler that loops',
      'do local guard <close> = setmetatable({}, { __close = function() while true do end end }) while true do end end',
    ],
    [
      'a __close handler that loops in a coroutine',
      'while true do coroutine.wrap(function() local guard <close> = setmetatable({}, { __close = function() while true do end end }) while true do end end)() end',
    ],
    [
      'a metamethod',
      'local t = setmetatable({}, { __index = function() while true do end end }) while true do pcall(function() return t.x end) end',
    ],
  ])('cannot be caught: %s', (_name, code) =>
    withWorker(async (worker) => {
      await worker.handshake({ instructionLimit: null, libs: ['base', 'coroutine'] });
      await worker.request({ type: 'execute', id: 2, code: 'kept = "before"', chunkName: '=setup' });
      await startLoop(worker, 3, code);
      worker.send({ type: 'interrupt', id: 3 });
      expect(await worker.next()).toEqual({ ...ABORTED, id: 3 });
      await expectServes(worker, 4);
    }),
  );

  it('stops a request that has an instruction budget too', () =>
    withWorker(async (worker) => {
      await worker.handshake({ instructionLimit: 1e15 });
      await worker.request({ type: 'execute', id: 2, code: 'kept = "before"', chunkName: '=setup' });
      worker.send({ type: 'execute', id: 3, code: 'print("running") while true do end', chunkName: '=loop' });
      await expectPrinted(worker, 'running');
      worker.send({ type: 'interrupt', id: 3 });
      expect(await worker.next()).toEqual({ ...ABORTED, id: 3 });
      await expectServes(worker, 4);
    }));

  it('stops a call as well as an execute', () =>
    withWorker(async (worker) => {
      await worker.handshake();
      await worker.request({
        type: 'execute',
        id: 2,
        code: 'kept = "before" function spin(what) print(what) while true do end end',
        chunkName: '=setup',
      });
      worker.send({ type: 'call', id: 3, name: 'spin', args: ['spinning'], instructionLimit: null });
      await expectPrinted(worker, 'spinning');
      worker.send({ type: 'interrupt', id: 3 });
      expect(await worker.next()).toEqual({ ...ABORTED, id: 3 });
      await expectServes(worker, 4);
    }));

  it('ignores an interrupt for a request that finished or never existed', () =>
    withWorker(async (worker) => {
      await worker.handshake();
      await worker.request({ type: 'execute', id: 2, code: 'kept = "before"', chunkName: '=setup' });
      worker.send({ type: 'interrupt', id: 2 });
      worker.send({ type: 'interrupt', id: 999 });
      // The next request is not stopped by either, and nothing else was sent.
      expect(await worker.request({ type: 'execute', id: 3, code: 'for i = 1, 1e6 do end return "ran"', chunkName: '=next' })).toEqual({
        type: 'result',
        id: 3,
        values: ['ran'],
      });
      await expectServes(worker, 4);
      expect(worker.received.map(({ message }) => message.type)).toEqual(['hello', 'ready', 'result', 'result', 'result', 'result']);
    }));

  it('stops a request waiting for a callback once the callback returns; a nested request still runs', () =>
    withWorker(async (worker) => {
      await worker.handshake({ callbacks: ['wait'], instructionLimit: null });
      await worker.request({ type: 'execute', id: 2, code: 'kept = "before"', chunkName: '=setup' });
      worker.send({ type: 'execute', id: 3, code: 'local answer = wait() kept = answer', chunkName: '=waits' });
      expect(await worker.next()).toMatchObject({ type: 'callback', id: 1, name: 'wait' });
      // The host interrupts request 3 while a request nested in it runs.
      worker.send({ type: 'execute', id: 4, code: 'print("nested") for i = 1, 1e6 do end return "nested done"', chunkName: '=nested' });
      await expectPrinted(worker, 'nested');
      worker.send({ type: 'interrupt', id: 3 });
      expect(await worker.next()).toEqual({ type: 'result', id: 4, values: ['nested done'] });
      worker.send({ type: 'callbackResult', id: 1, value: 'changed' });
      expect(await worker.next()).toEqual({ ...ABORTED, id: 3 });
      await expectServes(worker, 5);
    }));

  it('stops only the nested request it names; the request around it goes on', () =>
    withWorker(async (worker) => {
      await worker.handshake({ callbacks: ['wait'], instructionLimit: null, libs: ['base', 'coroutine'] });
      await worker.request({ type: 'execute', id: 2, code: 'kept = "before"', chunkName: '=setup' });
      // The callback is called from a coroutine: the nested request runs on that coroutine.
      worker.send({
        type: 'execute',
        id: 3,
        code: 'return coroutine.wrap(function() return wait(), "outer done" end)()',
        chunkName: '=outer',
      });
      expect(await worker.next()).toMatchObject({ type: 'callback', id: 1, name: 'wait' });
      await startLoop(worker, 4, 'while true do pcall(function() while true do end end) end');
      worker.send({ type: 'interrupt', id: 4 });
      expect(await worker.next()).toEqual({ ...ABORTED, id: 4 });
      worker.send({ type: 'callbackResult', id: 1, value: 7 });
      expect(await worker.next()).toEqual({ type: 'result', id: 3, values: [7, 'outer done'] });
      await expectServes(worker, 5);
    }));

  it('takes shutdown while a request runs: the worker exits 0 at once', () =>
    withWorker(async (worker) => {
      await worker.handshake({ instructionLimit: null });
      await startLoop(worker, 2, 'while true do end');
      expect(await worker.shutdown()).toEqual({ code: 0, signal: null });
      expect(worker.stderr).toBe('');
    }));

  it('is a protocol violation before ready', () =>
    withWorker(async (worker) => {
      await worker.next();
      worker.send({ type: 'interrupt', id: 1 });
      expect(await worker.exited).toEqual({ code: 2, signal: null });
      expect(worker.stderr).toMatch(/before init/);
      expect(worker.received.map(({ message }) => message.type)).toEqual(['hello']);
    }));
});
