// Failed requests: each comes back as an `error` with its code and the fields of that code,
// and the Lua state serves the next request.
import type { ReplyMessage } from '@luaward/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { WorkerProcess } from './worker-process.js';

let worker: WorkerProcess;
let nextId = 1;

beforeAll(async () => {
  worker = new WorkerProcess();
  await worker.handshake({ memoryLimit: 16 << 20, instructionLimit: 1_000_000, outputLimit: 100 });
});

afterAll(async () => {
  await worker.shutdown();
});

function execute(code: string, chunkName = '=input', instructionLimit?: number | null): Promise<ReplyMessage> {
  return worker.request({
    type: 'execute',
    id: ++nextId,
    code,
    chunkName,
    ...(instructionLimit === undefined ? {} : { instructionLimit }),
  });
}

async function expectHealthy(): Promise<void> {
  expect(await execute('return 1 + 1')).toEqual({ type: 'result', id: nextId, values: [2] });
}

describe('request errors', () => {
  it('reports a syntax error with its chunk and line', async () => {
    expect(await execute('local x = 1\nreturn +', '=input')).toEqual({
      type: 'error',
      id: nextId,
      code: 'ERR_LUAWARD_SYNTAX',
      message: "input:2: unexpected symbol near '+'",
      chunkName: 'input',
      line: 2,
    });
    await expectHealthy();
  });

  it('refuses binary chunks as syntax errors', async () => {
    const reply = await worker.request({
      type: 'execute',
      id: ++nextId,
      code: Uint8Array.of(0x1b, 0x4c, 0x75, 0x61, 0x54, 0x00),
      chunkName: '=bin',
    });
    expect(reply).toMatchObject({ type: 'error', code: 'ERR_LUAWARD_SYNTAX', message: expect.stringMatching(/binary chunk/) });
  });

  it('reports a runtime error with its traceback, chunk and line', async () => {
    const reply = await execute('local function fail()\n  error("boom")\nend\nfail()', '@job.lua');
    expect(reply).toEqual({
      type: 'error',
      id: nextId,
      code: 'ERR_LUAWARD_RUNTIME',
      message: 'job.lua:2: boom',
      traceback: expect.stringMatching(/^stack traceback:\n(.|\n)*job\.lua:2: in (local|upvalue) 'fail'(.|\n)*job\.lua:4: in main chunk/),
      chunkName: 'job.lua',
      line: 2,
    });
    await expectHealthy();
  });

  it('shows a chunk name without a lua_load prefix as given', async () => {
    expect(await execute('error("x")', 'script')).toMatchObject({
      code: 'ERR_LUAWARD_RUNTIME',
      message: 'script:1: x',
      chunkName: 'script',
      line: 1,
    });
  });

  it('makes error messages valid UTF-8 text', async () => {
    expect(await execute('error("bad \\255 byte", 0)')).toMatchObject({ code: 'ERR_LUAWARD_RUNTIME', message: 'bad \ufffd byte' });
  });

  it('fails a call of a global that is not a function as a runtime error', async () => {
    expect(await worker.request({ type: 'call', id: ++nextId, name: 'nothing', args: [] })).toEqual({
      type: 'error',
      id: nextId,
      code: 'ERR_LUAWARD_RUNTIME',
      message: "attempt to call a nil value (global 'nothing')",
    });
  });

  it('stops a script at the memory limit, and the state survives', async () => {
    // No instruction budget, so that only memory can stop it.
    expect(await execute('local t = {} for i = 1, 1e8 do t[i] = string.rep("x", 64) .. i end', '=input', null)).toEqual({
      type: 'error',
      id: nextId,
      code: 'ERR_LUAWARD_MEMORY_LIMIT',
      message: `the script needed more memory than its limit of ${16 << 20} bytes`,
      limit: 16 << 20,
    });
    await expectHealthy();
  });

  it('stops a script at the instruction limit, which pcall cannot swallow', async () => {
    const expected = {
      type: 'error',
      code: 'ERR_LUAWARD_INSTRUCTION_LIMIT',
      message: 'the script ran past its instruction limit of 1000000 instructions',
      limit: 1_000_000,
    };
    expect(await execute('while true do end')).toMatchObject(expected);
    expect(await execute('while true do pcall(function() while true do end end) end')).toMatchObject(expected);
    await expectHealthy();
  });

  it('takes a request budget instead of the default, and nil for none', async () => {
    expect(await execute('for i = 1, 1e6 do end', '=input', 5000)).toMatchObject({ code: 'ERR_LUAWARD_INSTRUCTION_LIMIT', limit: 5000 });
    expect(await execute('local n = 0 for i = 1, 3e6 do n = n + 1 end return n', '=input', null)).toEqual({
      type: 'result',
      id: nextId,
      values: [3_000_000],
    });
    expect(await worker.request({ type: 'call', id: ++nextId, name: 'tostring', args: [1], instructionLimit: 10 })).toEqual({
      type: 'result',
      id: nextId,
      values: ['1'],
    });
    expect(await worker.request({ type: 'call', id: ++nextId, name: 'select', args: ['#', 1, 2], instructionLimit: 1 })).toEqual({
      type: 'result',
      id: nextId,
      values: [2],
    });
  });

  it('stops a script at the output limit; the print past it is not sent', async () => {
    const before = worker.printed.length;
    expect(await execute('print(string.rep("a", 60)) print(string.rep("b", 60))')).toEqual({
      type: 'error',
      id: nextId,
      code: 'ERR_LUAWARD_OUTPUT_LIMIT',
      message: 'the script printed more than its output limit of 100 bytes',
      limit: 100,
    });
    expect(worker.printed.slice(before)).toEqual(['a'.repeat(60)]);
    await expectHealthy();
  });
});
