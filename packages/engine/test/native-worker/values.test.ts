// Values across the wire in both directions: what Lua receives (its own type for each) and what
// comes back, exactly, per docs/protocol.md ("Values").
import { WireFloat, type LuaWireInput, type ReplyMessage } from '@luaward/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bodyHex, WorkerProcess } from './worker-process.js';

// echo returns its arguments; kinds says what Lua made of each (math.type for numbers).
const HELPERS = `
function echo(...) return ... end
function kinds(...)
  local out = {}
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    out[i] = math.type(v) or type(v)
  end
  return out
end
`;

let worker: WorkerProcess;
let nextId = 10;

beforeAll(async () => {
  worker = new WorkerProcess();
  await worker.handshake({ maxValueDepth: 8 });
  expect(await worker.request({ type: 'execute', id: 2, code: HELPERS, chunkName: '=helpers' })).toEqual({
    type: 'result',
    id: 2,
    values: [],
  });
});

afterAll(async () => {
  await worker.shutdown();
});

function call(name: string, args: LuaWireInput[]): Promise<ReplyMessage> {
  return worker.request({ type: 'call', id: ++nextId, name, args });
}

async function roundTrip(args: LuaWireInput[]): Promise<unknown[]> {
  const reply = await call('echo', args);
  if (reply.type !== 'result') throw new Error(JSON.stringify(reply));
  return reply.values;
}

async function kindsOf(args: LuaWireInput[]): Promise<unknown> {
  const reply = await call('kinds', args);
  if (reply.type !== 'result') throw new Error(JSON.stringify(reply));
  return reply.values[0];
}

describe('values sent to Lua and returned', () => {
  it('keeps nil and booleans', async () => {
    expect(await roundTrip([null, true, false, undefined])).toEqual([null, true, false, null]);
    expect(await kindsOf([null, true, false])).toEqual(['nil', 'boolean', 'boolean']);
  });

  it('keeps integers as Lua integers, to the 64-bit extremes', async () => {
    const integers = [0, 1, -1, 127, 128, -33, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    const big = [2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)];
    expect(await roundTrip([...integers, ...big])).toEqual([...integers, ...big]);
    expect(await kindsOf([...integers, ...big])).toEqual(Array(integers.length + big.length).fill('integer'));
  });

  it('keeps floats as Lua floats, -0, NaN and the infinities included', async () => {
    const floats = [1.5, new WireFloat(1), -0, Number.NaN, Infinity, -Infinity, 1e300, 5e-324, 2 ** 53, -2.5];
    const back = await roundTrip(floats);
    expect(back).toEqual([1.5, 1, -0, Number.NaN, Infinity, -Infinity, 1e300, 5e-324, 2 ** 53, -2.5]);
    expect(Object.is(back[2], -0)).toBe(true);
    expect(await kindsOf(floats)).toEqual(Array(floats.length).fill('float'));
  });

  it('writes Lua floats as float 64 even when integral, and integers as integers', async () => {
    await call('echo', []);
    const reply = await worker.request({ type: 'execute', id: ++nextId, code: 'return 1.0, 1, -0.0, 2^53', chunkName: '=numbers' });
    expect(reply.type).toBe('result');
    const frame = worker.received.at(-1)!.frame;
    // values: [1.0, 1, -0.0, 2^53]
    expect(bodyHex(frame)).toMatch(/a676616c75657394cb3ff000000000000001cb8000000000000000cb4340000000000000$/);
  });

  it('keeps strings byte for byte: UTF-8 text as str, other bytes as bin', async () => {
    const texts = ['', 'a', 'héllo', '日本語', '😀', 'x'.repeat(70_000)];
    expect(await roundTrip(texts)).toEqual(texts);
    const bytes = [Uint8Array.of(0xff, 0x00, 0xfe), Uint8Array.of(0xc3, 0x28), new Uint8Array(0)];
    const back = await roundTrip(bytes);
    expect(back[0]).toEqual(Uint8Array.of(0xff, 0x00, 0xfe));
    expect(back[1]).toEqual(Uint8Array.of(0xc3, 0x28));
    // Bytes that happen to be valid UTF-8 come back as text.
    expect(back[2]).toBe('');
    expect(await roundTrip([Buffer.from('plain')])).toEqual(['plain']);
    expect(await kindsOf([...texts.slice(0, 2), ...bytes])).toEqual(Array(5).fill('string'));
  });

  it('keeps arrays, objects and nested tables', async () => {
    // An own "__proto__" key is an ordinary key, both ways.
    const proto = JSON.parse('{"__proto__": "an ordinary key"}') as LuaWireInput;
    const tables = [[1, 2, 3], [1, [2, [3, [4]]]], { a: 1, b: { c: [true, 'x'] } }, proto];
    const back = await roundTrip(tables);
    expect(back).toEqual([[1, 2, 3], [1, [2, [3, [4]]]], { a: 1, b: { c: [true, 'x'] } }, proto]);
    expect(Object.getPrototypeOf(back[3])).toBe(Object.prototype);
    expect(await kindsOf([[1], {}])).toEqual(['table', 'table']);
  });

  it('returns the empty table as an empty object', async () => {
    expect(await roundTrip([[], {}])).toEqual([{}, {}]);
  });

  it('keeps Maps: keys of any kind, tables that are neither sequences nor string-keyed', async () => {
    const sparse = new Map<LuaWireInput, LuaWireInput>([
      [1, 'one'],
      [2, 'two'],
      [4, 'four'],
    ]);
    const mixed = new Map<LuaWireInput, LuaWireInput>([
      [1.5, 'float key'],
      [true, 'boolean key'],
      ['s', 'string key'],
      [Uint8Array.of(0xff), 'bytes key'],
    ]);
    const [sparseBack, mixedBack] = await roundTrip([sparse, mixed]);
    expect(sparseBack).toEqual(sparse);
    expect(mixedBack).toBeInstanceOf(Map);
    expect(new Set((mixedBack as Map<unknown, unknown>).values())).toEqual(
      new Set(['float key', 'boolean key', 'string key', 'bytes key']),
    );
    expect((mixedBack as Map<unknown, unknown>).get(1.5)).toBe('float key');
    expect((mixedBack as Map<unknown, unknown>).get(true)).toBe('boolean key');
    const tableKey = await worker.request({ type: 'execute', id: ++nextId, code: 'return {[{1, 2}] = "table key"}', chunkName: '=keys' });
    expect(tableKey).toEqual({ type: 'result', id: nextId, values: [new Map([[[1, 2], 'table key']])] });
  });

  it('returns every value a chunk returns, and none when it returns nothing', async () => {
    expect(await worker.request({ type: 'execute', id: ++nextId, code: 'return 1, nil, 3', chunkName: '=r' })).toEqual({
      type: 'result',
      id: nextId,
      values: [1, null, 3],
    });
    expect(await worker.request({ type: 'execute', id: ++nextId, code: 'local x = 1', chunkName: '=r' })).toEqual({
      type: 'result',
      id: nextId,
      values: [],
    });
  });

  it('reads and writes globals raw', async () => {
    expect(await worker.request({ type: 'setGlobal', id: ++nextId, name: 'config', value: { debug: true, level: 3 } })).toEqual({
      type: 'result',
      id: nextId,
      values: [],
    });
    expect(await worker.request({ type: 'getGlobal', id: ++nextId, name: 'config' })).toEqual({
      type: 'result',
      id: nextId,
      values: [{ debug: true, level: 3 }],
    });
    expect(await worker.request({ type: 'execute', id: ++nextId, code: 'return config.level', chunkName: '=g' })).toEqual({
      type: 'result',
      id: nextId,
      values: [3],
    });
    expect(await worker.request({ type: 'getGlobal', id: ++nextId, name: 'missing' })).toEqual({
      type: 'result',
      id: nextId,
      values: [null],
    });
    expect(await worker.request({ type: 'exists', id: ++nextId, name: 'echo' })).toEqual({ type: 'result', id: nextId, values: [true] });
    expect(await worker.request({ type: 'exists', id: ++nextId, name: 'config' })).toEqual({ type: 'result', id: nextId, values: [false] });
    expect(await worker.request({ type: 'setGlobal', id: ++nextId, name: 'config', value: null })).toEqual({
      type: 'result',
      id: nextId,
      values: [],
    });
    expect(await worker.request({ type: 'getGlobal', id: ++nextId, name: 'config' })).toEqual({
      type: 'result',
      id: nextId,
      values: [null],
    });
  });
});

describe('values Lua cannot hold', () => {
  it('refuses an integer above 2^63 - 1, naming where it was', async () => {
    expect(await call('echo', [1, [2, 2n ** 64n - 1n]])).toEqual({
      type: 'error',
      id: nextId,
      code: 'ERR_LUAWARD_CONVERSION',
      message: 'cannot convert an integer above 2^63 - 1 (Lua integers are 64-bit signed) at args[1][1]',
      path: 'args[1][1]',
    });
  });

  it('refuses nil and NaN table keys', async () => {
    expect(await call('echo', [new Map([[null, 1]])])).toMatchObject({ code: 'ERR_LUAWARD_CONVERSION', path: 'args[0][key]' });
    expect(await call('echo', [new Map([[Number.NaN, 1]])])).toMatchObject({
      code: 'ERR_LUAWARD_CONVERSION',
      message: 'NaN cannot be a Lua table key at args[0][key]',
    });
  });

  it('refuses values nested deeper than maxValueDepth, both ways', async () => {
    const nine = [[[[[[[[[1]]]]]]]]];
    expect(await call('echo', [nine])).toMatchObject({
      code: 'ERR_LUAWARD_CONVERSION',
      message: 'values are nested deeper than maxValueDepth (8) at args[0][0][0][0][0][0][0][0][0]',
    });
    expect(await worker.request({ type: 'setGlobal', id: ++nextId, name: 'deep', value: nine })).toMatchObject({
      code: 'ERR_LUAWARD_CONVERSION',
      path: 'deep[0][0][0][0][0][0][0][0]',
    });
    const fromLua = await worker.request({ type: 'execute', id: ++nextId, code: 'return {{{{{{{{{1}}}}}}}}}', chunkName: '=deep' });
    expect(fromLua).toMatchObject({ type: 'error', code: 'ERR_LUAWARD_CONVERSION', message: expect.stringMatching(/maxValueDepth \(8\)/) });
  });

  it('refuses results that are functions or cycles', async () => {
    expect(await worker.request({ type: 'execute', id: ++nextId, code: 'return {handler = print}', chunkName: '=f' })).toMatchObject({
      code: 'ERR_LUAWARD_CONVERSION',
      path: 'results[1].handler',
    });
    expect(
      await worker.request({ type: 'execute', id: ++nextId, code: 'local t = {} t.self = t return t', chunkName: '=c' }),
    ).toMatchObject({
      code: 'ERR_LUAWARD_CONVERSION',
      message: expect.stringMatching(/cycle/),
    });
  });

  it('counts the strings of all the arguments of a call against the memory limit', async () => {
    const small = new WorkerProcess();
    try {
      await small.handshake({ memoryLimit: 1 << 20 });
      await small.request({ type: 'execute', id: 2, code: 'function count(...) return select("#", ...) end', chunkName: '=setup' });
      const half = 'x'.repeat(600_000);
      expect(await small.request({ type: 'call', id: 3, name: 'count', args: [half] })).toEqual({ type: 'result', id: 3, values: [1] });
      expect(await small.request({ type: 'call', id: 4, name: 'count', args: [half, half] })).toEqual({
        type: 'error',
        id: 4,
        code: 'ERR_LUAWARD_CONVERSION',
        message: 'the strings of the value add up to more than the memory limit (1048576 bytes) at args[1]',
        path: 'args[1]',
      });
    } finally {
      small.kill();
      await small.exited;
    }
  });

  it('refuses a result too large for the host frame limit, and serves the next request', async () => {
    await withSmallFrames(async (small) => {
      const reply = await small.request({ type: 'execute', id: 2, code: 'return string.rep("x", 5000)', chunkName: '=big' });
      expect(reply).toEqual({
        type: 'error',
        id: 2,
        code: 'ERR_LUAWARD_CONVERSION',
        message: 'the result does not fit in a frame the host accepts (maxFrameLength 4096 bytes)',
      });
      expect(await small.request({ type: 'execute', id: 3, code: 'return 1 + 1', chunkName: '=ok' })).toEqual({
        type: 'result',
        id: 3,
        values: [2],
      });
    });
  });
});

async function withSmallFrames(body: (small: WorkerProcess) => Promise<void>): Promise<void> {
  const small = new WorkerProcess();
  try {
    await small.handshake({ maxFrameLength: 4096 });
    await body(small);
  } finally {
    small.kill();
    await small.exited;
  }
}
