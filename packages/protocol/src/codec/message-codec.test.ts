import { describe, expect, it } from 'vitest';
import { frameOfBody, frameOfValue, hex } from '../../test/frames.js';
import { ConversionError, ProtocolError } from '../errors/errors.js';
import type { HostMessage, OutgoingHostMessage, WorkerMessage } from '../messages/types.js';
import { WireFloat, type LuaWireInput, type LuaWireValue } from '../values/wire-value.js';
import { HostCodec, WorkerCodec } from './message-codec.js';

const host = new HostCodec();
const worker = new WorkerCodec();

const hostMessages: HostMessage[] = [
  {
    type: 'init',
    id: 1,
    options: {
      memoryLimit: 8 * 1024 * 1024 * 1024, // beyond 32 bits: still an integer on the wire
      instructionLimit: null,
      outputLimit: 0,
      libs: ['base', 'string', 'table', 'math', 'utf8'],
      callbacks: ['fetch', '_log2'],
      maxValueDepth: 32,
      maxValueSize: null,
      maxCallbackDepth: 4,
      maxFrameLength: 1024 * 1024,
    },
  },
  { type: 'execute', id: 2, code: 'return ...', chunkName: '=input' },
  { type: 'execute', id: 3, code: new Uint8Array([0x72, 0xff]), chunkName: '@x.lua', instructionLimit: 100 },
  { type: 'execute', id: 4, code: '', chunkName: '', instructionLimit: null },
  { type: 'call', id: 5, name: 'f', args: [1, 'two', [3], { four: 4 }, null] },
  { type: 'call', id: 6, name: 'g', args: [], instructionLimit: 7 },
  { type: 'exists', id: 7, name: 'main' },
  { type: 'getGlobal', id: 8, name: 'x' },
  {
    type: 'setGlobal',
    id: 9,
    name: 'x',
    value: new Map<LuaWireValue, LuaWireValue>([
      [1, 'a'],
      [true, 'b'],
    ]),
  },
  { type: 'stats', id: 0xffff_ffff },
  { type: 'callbackResult', id: 1, value: { ok: true } },
  { type: 'callbackError', id: 2, message: 'boom' },
  { type: 'interrupt', id: 5 },
  { type: 'shutdown' },
];

const workerMessages: WorkerMessage[] = [
  {
    type: 'hello',
    protocol: 1,
    worker: { name: 'w', version: '1.0.0' },
    engine: 'Lua 5.4.4',
    pid: 77,
    maxFrameLength: 4096,
    capabilities: ['interrupt', 'future'],
  },
  {
    type: 'ready',
    id: 1,
    limits: { memoryLimit: 1 << 20, instructionLimit: 1000, outputLimit: null, maxValueDepth: 10, maxValueSize: 5, maxCallbackDepth: 0 },
  },
  { type: 'result', id: 2, values: [] },
  { type: 'result', id: 3, values: [null, false, -1, 0.25, 'x', new Uint8Array([1]), [[]], {}, 2n ** 64n - 1n] },
  { type: 'stats', id: 4, memory: 0, instructions: 0 },
  { type: 'stats', id: 5, memory: 10, memoryPeak: 20, instructions: Number.MAX_SAFE_INTEGER },
  { type: 'error', id: 6, code: 'ERR_LUAWARD_RUNTIME', message: 'm' },
  {
    type: 'error',
    id: 7,
    code: 'ERR_LUAWARD_SYNTAX',
    message: 'm',
    traceback: 't',
    chunkName: 'c',
    line: 3,
    path: 'p',
    limit: 0,
    callbackId: 9,
  },
  { type: 'callback', id: 1, name: 'fetch', args: ['url'], depth: 1 },
  { type: 'print', data: 'text' },
  { type: 'print', data: new Uint8Array([0xff]) },
];

/** The bytes a value is written as: it is the last field of a callbackResult. */
function encodedValue(value: LuaWireInput): string {
  const body = hex(host.encode({ type: 'callbackResult', id: 1, value })).slice(8);
  const head = '83 a474797065 ae63616c6c6261636b526573756c74 a26964 01 a576616c7565'.replace(/ /g, '');
  expect(body.startsWith(head)).toBe(true);
  return body.slice(head.length);
}

/** A worker `result` carrying `valuesHex` (already encoded values) as its values array. */
function resultFrame(count: number, valuesHex: string): Uint8Array {
  return frameOfBody(`83 a474797065 a6726573756c74 a26964 01 a676616c756573 ${(0x90 + count).toString(16)} ${valuesHex}`);
}

function rejects(decode: () => unknown, pattern: RegExp): void {
  let thrown: unknown;
  try {
    decode();
  } catch (error) {
    thrown = error;
  }
  expect(ProtocolError.isInstance(thrown), `expected a ProtocolError, got ${String(thrown)}`).toBe(true);
  expect((thrown as Error).message).toMatch(pattern);
}

describe('framing', () => {
  it('writes a 4-byte big-endian body length, then one MessagePack map', () => {
    expect(hex(host.encode({ type: 'shutdown' }))).toBe('0000000f' + '81' + 'a474797065' + 'a873687574646f776e');
  });

  it('decodes a frame given as a plain Uint8Array as well as a Buffer', () => {
    const frame = host.encode({ type: 'exists', id: 3, name: 'f' });
    expect(worker.decode(Uint8Array.from(frame))).toEqual({ type: 'exists', id: 3, name: 'f' });
  });

  it('rejects a frame whose prefix does not match its size, or that is shorter than the prefix', () => {
    const frame = host.encode({ type: 'shutdown' });
    rejects(() => worker.decode(frame.subarray(0, frame.length - 1)), /announces a body of 15 bytes but holds 14/);
    rejects(() => worker.decode(Buffer.concat([frame, Buffer.from([0xc0])])), /announces a body of 15 bytes but holds 16/);
    rejects(() => worker.decode(frame.subarray(0, 3)), /shorter than its length prefix/);
  });

  it('rejects an empty body and a body longer than maxFrameLength', () => {
    rejects(() => worker.decode(new Uint8Array(4)), /empty body/);
    const small = new WorkerCodec({ maxFrameLength: 256 });
    const frame = host.encode({ type: 'execute', id: 1, code: 'x'.repeat(300), chunkName: '=x' });
    rejects(() => small.decode(frame), /body of 3\d\d bytes, more than maxFrameLength \(256 bytes\)/);
  });
});

describe('round trips', () => {
  it.each(hostMessages.map((message) => [message.type, message] as const))('host message %s', (_type, message) => {
    expect(worker.decode(host.encode(message))).toEqual(message);
  });

  it.each(workerMessages.map((message) => [message.type, message] as const))('worker message %s', (_type, message) => {
    expect(host.decode(worker.encode(message))).toEqual(message);
  });

  it("writes fields in the message object's order and drops optional fields left undefined", () => {
    const frame = host.encode({ id: 1, type: 'execute', chunkName: '=c', code: 'x', instructionLimit: undefined } as OutgoingHostMessage);
    const decoded = worker.decode(frame);
    expect(decoded).toEqual({ type: 'execute', id: 1, code: 'x', chunkName: '=c' });
    expect('instructionLimit' in decoded).toBe(false);
  });

  it('sends a value field left undefined as nil', () => {
    expect(worker.decode(host.encode({ type: 'setGlobal', id: 1, name: 'x', value: undefined }))).toEqual({
      type: 'setGlobal',
      id: 1,
      name: 'x',
      value: null,
    });
  });
});

describe('values', () => {
  it('writes safe integers as MessagePack integers in their shortest form', () => {
    expect(encodedValue(0)).toBe('00');
    expect(encodedValue(127)).toBe('7f');
    expect(encodedValue(128)).toBe('cc80');
    expect(encodedValue(-32)).toBe('e0');
    expect(encodedValue(-33)).toBe('d0df');
    expect(encodedValue(65536)).toBe('ce00010000');
    expect(encodedValue(2 ** 32)).toBe('cf0000000100000000');
    expect(encodedValue(Number.MAX_SAFE_INTEGER)).toBe('cf001fffffffffffff');
    expect(encodedValue(-(2 ** 31))).toBe('d280000000');
    expect(encodedValue(-(2 ** 31) - 1)).toBe('d3ffffffff7fffffff');
  });

  it('writes every other number as a float 64, -0 and integers past 2^53 included', () => {
    expect(encodedValue(1.5)).toBe('cb3ff8000000000000');
    expect(encodedValue(-0)).toBe('cb8000000000000000');
    expect(encodedValue(Number.NaN)).toBe('cb7ff8000000000000');
    expect(encodedValue(Number.POSITIVE_INFINITY)).toBe('cb7ff0000000000000');
    expect(encodedValue(Number.NEGATIVE_INFINITY)).toBe('cbfff0000000000000');
    expect(encodedValue(2 ** 53)).toBe('cb4340000000000000');
    expect(encodedValue(new WireFloat(3))).toBe('cb4008000000000000');
  });

  it('writes BigInts as integers: shortest form when safe, int 64 / uint 64 beyond', () => {
    expect(encodedValue(5n)).toBe('05');
    expect(encodedValue(2n ** 53n)).toBe('cf0020000000000000');
    expect(encodedValue(2n ** 64n - 1n)).toBe('cfffffffffffffffff');
    expect(encodedValue(-(2n ** 63n))).toBe('d38000000000000000');
  });

  it('writes valid text as str, a lone surrogate as U+FFFD, and Uint8Arrays as bin', () => {
    expect(encodedValue('é')).toBe('a2c3a9');
    expect(encodedValue('\ud800')).toBe('a3efbfbd');
    expect(encodedValue(new Uint8Array([0xc3, 0x28]))).toBe('c402c328');
  });

  it('writes arrays, plain objects and Maps as arrays and maps, and nil for null and undefined', () => {
    expect(encodedValue([1, undefined, null])).toBe('9301c0c0');
    expect(encodedValue({ a: 1 })).toBe('81a16101');
    expect(
      encodedValue(
        new Map<LuaWireInput, LuaWireInput>([
          [1, true],
          [new WireFloat(2), false],
        ]),
      ),
    ).toBe('8201c3cb4000000000000000c2');
  });

  it('decodes integers to numbers when safe and to BigInts beyond, however wide their encoding', () => {
    const decoded = host.decode(
      resultFrame(6, 'cf001fffffffffffff cf0020000000000000 d3ffe0000000000001 d3ffdfffffffffffff cfffffffffffffffff d30000000000000005'),
    );
    expect(decoded).toEqual({
      type: 'result',
      id: 1,
      values: [Number.MAX_SAFE_INTEGER, 2n ** 53n, Number.MIN_SAFE_INTEGER, -(2n ** 53n) - 1n, 2n ** 64n - 1n, 5],
    });
  });

  it('decodes floats to numbers, keeping -0, NaN and infinities, and float 32 too', () => {
    const decoded = host.decode(
      resultFrame(5, 'cb8000000000000000 cb7ff8000000000000 cbfff0000000000000 cb3ff0000000000000 ca3fc00000'),
    ) as { values: number[] };
    expect(Object.is(decoded.values[0], -0)).toBe(true);
    expect(decoded.values.slice(1)).toEqual([Number.NaN, Number.NEGATIVE_INFINITY, 1, 1.5]);
  });

  it('decodes bin to a plain Uint8Array holding its own copy of the bytes', () => {
    const frame = resultFrame(1, 'c403010203');
    const decoded = host.decode(frame) as { values: Uint8Array[] };
    const bytes = decoded.values[0]!;
    expect(bytes.constructor).toBe(Uint8Array);
    frame.fill(0);
    expect([...bytes]).toEqual([1, 2, 3]);
  });

  it('decodes a map with string keys to a plain object and any other map to a Map', () => {
    const decoded = host.decode(resultFrame(3, '82a16101a16202 8201a161a16202 80')) as { values: unknown[] };
    expect(decoded.values[0]).toEqual({ a: 1, b: 2 });
    expect(Object.getPrototypeOf(decoded.values[0])).toBe(Object.prototype);
    expect(decoded.values[1]).toEqual(
      new Map<unknown, unknown>([
        [1, 'a'],
        ['b', 2],
      ]),
    );
    expect(decoded.values[2]).toEqual({});
  });

  it('keeps a "__proto__" key as an own property and never changes a prototype', () => {
    // {"__proto__": {"polluted": true}} inside a map with an integer key, and on its own.
    const decoded = host.decode(resultFrame(2, '81a95f5f70726f746f5f5f81a8706f6c6c75746564c3 8101a95f5f70726f746f5f5f')) as {
      values: unknown[];
    };
    const object = decoded.values[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.keys(object)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(object, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(decoded.values[1]).toEqual(new Map([[1, '__proto__']]));
  });

  it('sends a "__proto__" own property of a plain object as an ordinary key', () => {
    const value = JSON.parse('{"__proto__": 1, "x": 2}') as LuaWireValue;
    const decoded = worker.decode(host.encode({ type: 'setGlobal', id: 1, name: 'v', value })) as { value: Record<string, unknown> };
    expect(Object.keys(decoded.value)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(decoded.value)).toBe(Object.prototype);
  });

  it('does not modify the values it is given, even when it must rewrite them for encoding', () => {
    const args = [-0, 2 ** 40, { big: 7n, list: [new Map([[1n, 2 ** 33]])] }];
    const before = structuredClone(args);
    worker.decode(host.encode({ type: 'call', id: 1, name: 'f', args }));
    expect(args).toEqual(before);
  });

  it('merges Map keys that become the same integer (1 and 1n) instead of repeating them', () => {
    const decoded = worker.decode(
      host.encode({
        type: 'setGlobal',
        id: 1,
        name: 'm',
        value: new Map<LuaWireInput, LuaWireInput>([
          [1, 'a'],
          [1n, 'b'],
          [2, 'c'],
        ]),
      }),
    );
    expect(decoded).toEqual({
      type: 'setGlobal',
      id: 1,
      name: 'm',
      value: new Map([
        [1, 'b'],
        [2, 'c'],
      ]),
    });
  });
});

describe('decode rejects', () => {
  const printHead = '82 a474797065 a57072696e74 a464617461';
  it.each([
    ['a body that is not a map', frameOfBody('93 01 02 03'), /must be a MessagePack map, found type byte 0x93/],
    ['bytes after the message', frameOfBody(`${printHead} a26869 c0`), /1 byte after the message in the frame body/],
    ['a body that ends inside a value', frameOfBody(printHead), /ends in the middle of a value/],
    ['the unused byte 0xc1', frameOfBody(`${printHead} c1`), /0xc1/],
    ['an extension type', frameOfBody(`${printHead} d6ff00000000`), /extension types are not allowed/],
    ['a str that is not UTF-8', frameOfBody(`${printHead} a2c328`), /not valid UTF-8/],
    ['a key that is not UTF-8', frameOfBody('82 a474797065 a57072696e74 a4646174ff a26869'), /not valid UTF-8/],
    [
      'a container declaring more entries than bytes remain',
      frameOfBody(`${printHead} ddffffffff`),
      /declares 4294967295 entries but only 0 bytes remain/,
    ],
    ['a str declaring more bytes than remain', frameOfBody(`${printHead} dbffffffff 68`), /ends in the middle of a value/],
    [
      'nesting deeper than 256 levels',
      frameOfBody(`83 a474797065 a6726573756c74 a26964 01 a676616c756573 ${'91'.repeat(256)} c0`),
      /nest deeper than 256 levels/,
    ],
    [
      'a float where an integer is required',
      frameOfValue({ type: 'result', id: new WireFloat(1), values: [] }),
      /float .* outside a value field/,
    ],
    ['a message without a type', frameOfValue({ id: 1 }), /string field "type"/],
    ['an unknown type', frameOfValue({ type: 'bogus' }), /unknown worker message type "bogus"/],
    ['a host message type', frameOfValue({ type: 'execute', id: 1, code: 'x', chunkName: 'c' }), /unknown worker message type "execute"/],
    ['a missing field', frameOfValue({ type: 'result', values: [] }), /"result" lacks the field "id"/],
    [
      'an id out of range',
      frameOfValue({ type: 'result', id: 2 ** 32, values: [] }),
      /"id" must be an integer from 1 to 4294967295, got 4294967296/,
    ],
    [
      'an id of the wrong type',
      frameOfValue({ type: 'result', id: '1', values: [] }),
      /"id" must be an integer from 1 to 4294967295, got "1"/,
    ],
    ['values that are not an array', frameOfValue({ type: 'result', id: 1, values: {} }), /"values" must be an array of values, got a map/],
    ['an unknown field', frameOfValue({ type: 'print', data: 'x', extra: true }), /unknown field "extra"/],
    ['a "__proto__" field', frameOfValue(JSON.parse('{"type": "print", "data": "x", "__proto__": 1}')), /unknown field "__proto__"/],
    [
      'a key that is not a string',
      frameOfValue(
        new Map<unknown, unknown>([
          ['type', 'print'],
          ['data', 'x'],
          [1, 2],
        ]),
      ),
      /must be a map with string keys/,
    ],
    ['a repeated field', frameOfBody('83 a474797065 a57072696e74 a464617461 a178 a464617461 a179'), /repeats a field/],
    [
      'a repeated field in a record',
      frameOfBody(
        '83 a474797065 a57265616479 a26964 01 a66c696d697473 87 ' +
          'ab6d656d6f72794c696d6974 c0 b0696e737472756374696f6e4c696d6974 c0 ab6f75747075744c696d6974 c0 ad6d617856616c75654465707468 01 ac6d617856616c756553697a65 c0 b06d617843616c6c6261636b4465707468 00 ad6d617856616c75654465707468 02',
      ),
      /"limits" repeats a field/,
    ],
    [
      'an error code a worker may not send',
      frameOfValue({ type: 'error', id: 1, code: 'ERR_LUAWARD_TIMEOUT', message: 'x' }),
      /"code" must be one of ERR_LUAWARD_SYNTAX/,
    ],
    [
      'another protocol version',
      frameOfValue({
        type: 'hello',
        protocol: 2,
        worker: { name: 'w', version: '1' },
        engine: 'e',
        pid: 1,
        maxFrameLength: 1024,
        capabilities: [],
      }),
      /"protocol" must be 1/,
    ],
  ])('%s', (_name, frame, pattern) => {
    rejects(() => host.decode(frame), pattern);
  });

  it('rejects host requests that break the option rules', () => {
    const options = {
      memoryLimit: null,
      instructionLimit: null,
      outputLimit: null,
      libs: ['base'],
      callbacks: [],
      maxValueDepth: 8,
      maxValueSize: null,
      maxCallbackDepth: 0,
      maxFrameLength: 1024,
    };
    rejects(
      () => worker.decode(frameOfValue({ type: 'init', id: 1, options: { ...options, libs: ['io'] } })),
      /"libs" must be an array of distinct library names/,
    );
    rejects(
      () => worker.decode(frameOfValue({ type: 'init', id: 1, options: { ...options, callbacks: ['while'] } })),
      /"callbacks" must be an array of distinct Lua names/,
    );
    rejects(
      () => worker.decode(frameOfValue({ type: 'init', id: 1, options: { ...options, maxValueDepth: 251 } })),
      /"maxValueDepth" must be an integer from 1 to 250/,
    );
    rejects(
      () => worker.decode(frameOfValue({ type: 'init', id: 1, options: { ...options, memoryLimit: 0 } })),
      /"memoryLimit" must be an integer of at least 1, or nil for no limit/,
    );
    rejects(() => worker.decode(frameOfValue({ type: 'call', id: 1, name: '', args: [] })), /"name" must be a non-empty string/);
  });
});

describe('encode rejects', () => {
  function conversionError(run: () => unknown): ConversionError {
    try {
      run();
    } catch (error) {
      expect(ConversionError.isInstance(error), String(error)).toBe(true);
      return error as ConversionError;
    }
    throw new Error('expected a ConversionError');
  }

  it('a message that breaks the protocol, with a ProtocolError naming the field', () => {
    expect(() => host.encode({ type: 'result', id: 1, values: [] } as unknown as OutgoingHostMessage)).toThrow(
      /a host cannot send a message of type "result"/,
    );
    expect(() => host.encode({ type: 'call', id: 0, name: 'f', args: [] })).toThrow(ProtocolError);
    expect(() => host.encode({ type: 'call', id: 1, name: 'f' } as unknown as OutgoingHostMessage)).toThrow(
      /"call" lacks the field "args"/,
    );
    expect(() => host.encode({ type: 'stats', id: 1, extra: 1 } as unknown as OutgoingHostMessage)).toThrow(
      /"stats" has an unknown field "extra"/,
    );
    expect(() => host.encode({ type: 'execute', id: 1, code: 5, chunkName: 'c' } as unknown as OutgoingHostMessage)).toThrow(
      /"code" must be a str or a bin, got 5/,
    );
  });

  it('values that have no wire form, with a ConversionError giving their path', () => {
    const args: unknown[] = [{ list: [1, () => 1] }];
    expect(conversionError(() => host.encode({ type: 'call', id: 1, name: 'f', args: args as LuaWireInput[] })).path).toBe(
      'args[0].list[1]',
    );
    const cases: [unknown, RegExp][] = [
      [Symbol('s'), /a symbol cannot be sent/],
      [new Date(0), /a Date cannot be sent/],
      [new Set([1]), /a Set cannot be sent/],
      [new Int32Array(2), /an? Int32Array cannot be sent \(use a Uint8Array\)/],
      [new (class Point {})(), /a Point cannot be sent/],
      [2n ** 64n, /does not fit in 64 bits/],
      [-(2n ** 63n) - 1n, /does not fit in 64 bits/],
    ];
    for (const [value, pattern] of cases) {
      expect(conversionError(() => host.encode({ type: 'setGlobal', id: 1, name: 'x', value: value as LuaWireInput })).message).toMatch(
        pattern,
      );
    }
  });

  it('a cycle, naming where it closes', () => {
    const node: Record<string, unknown> = { next: {} };
    (node.next as Record<string, unknown>).back = node;
    const error = conversionError(() => host.encode({ type: 'setGlobal', id: 1, name: 'x', value: node as LuaWireInput }));
    expect(error.message).toBe('x.next.back: the value contains a cycle');
    const map = new Map<unknown, unknown>();
    map.set('self', map);
    expect(conversionError(() => host.encode({ type: 'setGlobal', id: 1, name: 'x', value: map as LuaWireInput })).path).toBe('x["self"]');
  });

  it('values nested deeper than a frame may be, and accepts the deepest that fits', () => {
    const nest = (levels: number): LuaWireInput => {
      let value: LuaWireInput = null;
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    // The message map is level 1 and the args array level 2: 254 more levels fit.
    expect(() => host.encode({ type: 'call', id: 1, name: 'f', args: [nest(254)] })).not.toThrow();
    expect(conversionError(() => host.encode({ type: 'call', id: 1, name: 'f', args: [nest(255)] })).message).toMatch(
      /nests deeper than the protocol allows \(256 levels/,
    );
  });

  it('a frame longer than the peer accepts', () => {
    const codec = new HostCodec({ peerMaxFrameLength: 300 });
    expect(() => codec.encode({ type: 'execute', id: 1, code: 'x'.repeat(250), chunkName: '=c' })).not.toThrow();
    expect(conversionError(() => codec.encode({ type: 'execute', id: 1, code: 'x'.repeat(300), chunkName: '=c' })).message).toMatch(
      /"execute" is 3\d\d bytes, more than the worker accepts \(maxFrameLength 300 bytes\)/,
    );
    codec.peerMaxFrameLength = 1024;
    expect(() => codec.encode({ type: 'execute', id: 1, code: 'x'.repeat(300), chunkName: '=c' })).not.toThrow();
  });
});

describe('options', () => {
  it('reject a maxFrameLength that is not an integer number of bytes in range', () => {
    expect(() => new HostCodec({ maxFrameLength: 255 })).toThrow(
      new RangeError('maxFrameLength must be an integer number of bytes from 256 to 2147483647, got 255'),
    );
    expect(() => new HostCodec({ maxFrameLength: 2 ** 31 })).toThrow(RangeError);
    expect(() => new HostCodec({ maxFrameLength: 1024.5 })).toThrow(RangeError);
    expect(() => new HostCodec({ maxFrameLength: '1024' as unknown as number })).toThrow(
      new TypeError('maxFrameLength must be a number of bytes, got string'),
    );
    expect(() => new WorkerCodec({ peerMaxFrameLength: 0 })).toThrow(/peerMaxFrameLength must be/);
    expect(() => {
      new WorkerCodec().peerMaxFrameLength = -1;
    }).toThrow(/peerMaxFrameLength must be/);
  });

  it('default to 64 MiB each way', () => {
    const codec = new HostCodec();
    expect(codec.maxFrameLength).toBe(64 * 1024 * 1024);
    expect(codec.peerMaxFrameLength).toBe(64 * 1024 * 1024);
  });
});

describe('large frames', () => {
  it('encode correctly before and after a frame past a megabyte', () => {
    const big = 'y'.repeat(3 * 1024 * 1024);
    const first = worker.encode({ type: 'print', data: 'before' });
    const large = worker.encode({ type: 'result', id: 1, values: [big] });
    const after = worker.encode({ type: 'print', data: 'after' });
    expect(host.decode(first)).toEqual({ type: 'print', data: 'before' });
    expect((host.decode(large) as { values: string[] }).values[0]).toBe(big);
    expect(host.decode(after)).toEqual({ type: 'print', data: 'after' });
  });
});
