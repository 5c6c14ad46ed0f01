// Feeds the decoders random and mutated frames. Reproduce a failure with the seed it prints:
//   LUAWARD_FUZZ_SEED=<seed> pnpm exec vitest run --project protocol test/fuzz.test.ts
import { describe, expect, it } from 'vitest';
import { FrameReader } from '../src/codec/frame-reader.js';
import { HostCodec, WorkerCodec, type MessageCodec } from '../src/codec/message-codec.js';
import { ProtocolError } from '../src/errors/errors.js';
import type { OutgoingHostMessage, OutgoingWorkerMessage } from '../src/messages/types.js';
import { WireFloat, type LuaWireInput } from '../src/values/wire-value.js';
import { frameOfBody } from './frames.js';

const FRAMES = 130_000;
const seed = Number(process.env.LUAWARD_FUZZ_SEED ?? Math.floor(Math.random() * 0xffff_ffff)) >>> 0;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function generator(start: number) {
  let state = start;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
  const int = (below: number): number => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof generator>;

const INTERESTING_NUMBERS = [
  0,
  1,
  -1,
  127,
  128,
  -32,
  -33,
  255,
  256,
  65535,
  65536,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
  2 ** 53,
  0.5,
  -0,
  Number.NaN,
  Infinity,
  -Infinity,
  1e300,
  5e-324,
];
const INTERESTING_BIGINTS = [2n ** 53n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n];
const TEXT = ['', 'a', 'type', 'id', 'values', 'args', 'value', '__proto__', 'é', '日本', '😀', 'x'.repeat(40), 'y'.repeat(300)];

function randomValue(random: Random, depth: number): LuaWireInput {
  const kind = random.int(depth > 4 ? 8 : 11);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.next() < 0.5;
    case 2:
      return random.pick(INTERESTING_NUMBERS);
    case 3:
      return random.int(2 ** 32) - 2 ** 31;
    case 4:
      return random.pick(INTERESTING_BIGINTS);
    case 5:
      return new WireFloat(random.pick([1, 2, -0, 0.1, 1e20]));
    case 6:
      return random.pick(TEXT);
    case 7:
      return Uint8Array.from({ length: random.int(20) }, () => random.int(256));
    case 8:
      return Array.from({ length: random.int(5) }, () => randomValue(random, depth + 1));
    case 9: {
      const object: Record<string, LuaWireInput> = {};
      for (let i = random.int(5); i > 0; i--)
        Object.defineProperty(object, random.pick(TEXT), {
          value: randomValue(random, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return object;
    }
    default: {
      const map = new Map<LuaWireInput, LuaWireInput>();
      for (let i = random.int(4); i > 0; i--) map.set(randomValue(random, depth + 3), randomValue(random, depth + 1));
      return map;
    }
  }
}

const values = (random: Random) => Array.from({ length: random.int(4) }, () => randomValue(random, 0));
const id = (random: Random) => random.pick([1, 2, 255, 65536, 2 ** 32 - 1, 1 + random.int(1000)]);
const limit = (random: Random) => random.pick([null, 1, 1024, 2 ** 40]);

function randomHostMessage(random: Random): OutgoingHostMessage {
  switch (random.int(11)) {
    case 0:
      return {
        type: 'init',
        id: id(random),
        options: {
          memoryLimit: limit(random),
          instructionLimit: limit(random),
          outputLimit: random.pick([null, 0, 100]),
          libs: random.pick([[], ['base'], ['base', 'string', 'utf8']]),
          callbacks: random.pick([[], ['f'], ['fetch', 'log_2']]),
          maxValueDepth: 1 + random.int(250),
          maxValueSize: limit(random),
          maxCallbackDepth: random.int(10),
          maxFrameLength: random.pick([256, 65536, 2 ** 31 - 1]),
        },
      };
    case 1:
      return {
        type: 'execute',
        id: id(random),
        code: random.pick(['return 1', '', 'x'.repeat(100)]),
        chunkName: '=c',
        ...(random.next() < 0.3 ? { instructionLimit: limit(random) } : {}),
      };
    case 2:
      return { type: 'call', id: id(random), name: random.pick(['f', 'a.b']), args: values(random) };
    case 3:
      return { type: 'exists', id: id(random), name: 'f' };
    case 4:
      return { type: 'getGlobal', id: id(random), name: 'g' };
    case 5:
      return { type: 'setGlobal', id: id(random), name: 'g', value: randomValue(random, 0) };
    case 6:
      return { type: 'stats', id: id(random) };
    case 7:
      return { type: 'callbackResult', id: id(random), value: randomValue(random, 0) };
    case 8:
      return { type: 'callbackError', id: id(random), message: random.pick(TEXT) };
    case 9:
      return { type: 'interrupt', id: id(random) };
    default:
      return { type: 'shutdown' };
  }
}

function randomWorkerMessage(random: Random): OutgoingWorkerMessage {
  switch (random.int(7)) {
    case 0:
      return {
        type: 'hello',
        protocol: 1,
        worker: { name: 'w', version: '1' },
        engine: 'Lua 5.4.4',
        pid: random.int(99999),
        maxFrameLength: 65536,
        capabilities: random.pick([[], ['interrupt', 'x']]),
      };
    case 1:
      return {
        type: 'ready',
        id: id(random),
        limits: {
          memoryLimit: limit(random),
          instructionLimit: limit(random),
          outputLimit: null,
          maxValueDepth: 8,
          maxValueSize: limit(random),
          maxCallbackDepth: random.int(5),
        },
      };
    case 2:
      return { type: 'result', id: id(random), values: values(random) };
    case 3:
      return {
        type: 'stats',
        id: id(random),
        memory: random.int(2 ** 40),
        instructions: random.int(2 ** 50),
        ...(random.next() < 0.5 ? { memoryPeak: 7 } : {}),
      };
    case 4:
      return {
        type: 'error',
        id: id(random),
        code: 'ERR_LUAWARD_RUNTIME',
        message: random.pick(TEXT),
        ...(random.next() < 0.5 ? { line: 1 + random.int(100), callbackId: id(random) } : {}),
      };
    case 5:
      return { type: 'callback', id: id(random), name: 'f', args: values(random), depth: 1 + random.int(3) };
    default:
      return { type: 'print', data: random.next() < 0.5 ? random.pick(TEXT) : Uint8Array.of(0xff, random.int(256)) };
  }
}

/** Header bytes that make decoders work hardest: containers claiming huge sizes, exts, 0xc1. */
const NASTY = [0xdd, 0xdf, 0xdb, 0xc6, 0xdc, 0xde, 0xc1, 0xd4, 0xc7, 0xcb, 0xcf, 0xd3, 0xff, 0x9f, 0x8f, 0xbf];

function mutate(random: Random, frame: Uint8Array): Uint8Array {
  const bytes = Array.from(frame);
  for (let edits = 1 + random.int(4); edits > 0; edits--) {
    const at = random.int(bytes.length + 1);
    switch (random.int(7)) {
      case 0:
        bytes[at] = random.int(256);
        break;
      case 1:
        bytes[at] = random.pick(NASTY);
        break;
      case 2:
        bytes[at] = (bytes[at] ?? 0) ^ (1 << random.int(8));
        break;
      case 3:
        bytes.splice(at, 0, ...Array.from({ length: 1 + random.int(8) }, () => random.pick(NASTY)));
        break;
      case 4:
        bytes.splice(at, 1 + random.int(8));
        break;
      case 5:
        bytes.length = Math.min(bytes.length, at);
        break;
      default:
        bytes.splice(at, 0, ...bytes.slice(random.int(bytes.length), random.int(bytes.length)));
    }
  }
  const out = Uint8Array.from(bytes);
  // Mostly keep the length prefix consistent, so the body decoder is reached.
  if (out.length >= 4 && random.next() < 0.8) new DataView(out.buffer).setUint32(0, out.length - 4);
  return out;
}

function randomBody(random: Random): Uint8Array {
  const body = Array.from({ length: random.int(64) }, () => (random.next() < 0.3 ? random.pick(NASTY) : random.int(256)));
  return frameOfBody(Buffer.from(body).toString('hex'));
}

function expectOnlyProtocolErrors(run: () => unknown, frame: Uint8Array): unknown {
  try {
    return run();
  } catch (error) {
    if (!ProtocolError.isInstance(error)) {
      throw new Error(`seed ${seed}: frame ${Buffer.from(frame).toString('hex').slice(0, 400)} threw ${String(error)}`, { cause: error });
    }
    return undefined;
  }
}

describe(`fuzzing the decoders (seed ${seed})`, () => {
  it(`rejects with ProtocolError only, or accepts messages that re-encode to themselves, over ${FRAMES} frames, most of them mutated or random`, {
    timeout: 600_000,
  }, () => {
    console.log(`fuzz seed: ${seed} (set LUAWARD_FUZZ_SEED to repeat)`);
    const random = generator(seed);
    const host = new HostCodec();
    const worker = new WorkerCodec();
    const rssBefore = process.memoryUsage().rss;
    let accepted = 0;
    let rejected = 0;
    let hostile = 0;

    for (let i = 0; i < FRAMES; i++) {
      const fromHost = random.next() < 0.5;
      const [encoder, decoder]: [MessageCodec<unknown, unknown>, MessageCodec<unknown, unknown>] = fromHost
        ? [host, worker]
        : [worker, host];
      const original = encoder.encode(fromHost ? randomHostMessage(random) : randomWorkerMessage(random));
      const roll = random.next();
      const frame = roll < 0.15 ? original : roll < 0.85 ? mutate(random, original) : randomBody(random);
      if (roll >= 0.15) hostile++;

      const decoded = expectOnlyProtocolErrors(() => decoder.decode(frame), frame);
      if (decoded === undefined) {
        rejected++;
      } else {
        accepted++;
        // What a decoder accepts, the other side's encoder writes, and it reads back the same.
        expect(
          decoder === host
            ? host.decode(worker.encode(decoded as OutgoingWorkerMessage))
            : worker.decode(host.encode(decoded as OutgoingHostMessage)),
          `seed ${seed}, frame ${i}`,
        ).toEqual(decoded);
      }
      if (roll < 0.15) expect(decoded, `seed ${seed}: an unmutated frame was rejected`).toBeDefined();

      // The splitter too: the same bytes cut at a random point.
      const reader = new FrameReader();
      const cut = random.int(frame.length + 1);
      expectOnlyProtocolErrors(() => {
        reader.push(frame.subarray(0, cut));
        reader.push(frame.subarray(cut));
        reader.end();
      }, frame);
    }

    expect(hostile).toBeGreaterThanOrEqual(100_000);
    expect(accepted).toBeGreaterThan(FRAMES * 0.1);
    expect(rejected).toBeGreaterThan(FRAMES * 0.5);
    // No frame may make a decoder allocate what its header claims (up to 4 GiB): memory stays small.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 * 1024 * 1024);
  });

  it('rejects every length prefix over the limit from the prefix alone, allocating nothing', () => {
    const random = generator(seed ^ 0x5eed);
    const reader = () => new FrameReader({ maxFrameLength: 65_536 });
    for (let i = 0; i < 2_000; i++) {
      const announced = 65_537 + random.int(2 ** 32 - 65_537);
      const prefix = new Uint8Array(4);
      new DataView(prefix.buffer).setUint32(0, announced);
      const fresh = reader();
      expect(() => fresh.push(prefix)).toThrow(ProtocolError);
      expect(fresh.pendingBytes).toBe(0);
    }
  });
});
