import { MAX_MAX_FRAME_LENGTH } from '@luaward/protocol';
import { describe, expect, it } from 'vitest';
import { ChildProcessLauncher, Supervisor, UnixSocketLauncher, type SupervisorOptions } from '../src/index.js';
import { childPids, supervisorsClosedAfterEach } from './helpers/lifecycle.js';
import { INIT, NODE_WORKER } from './helpers/workers.js';

const launcher = new ChildProcessLauncher({ command: NODE_WORKER.command, args: NODE_WORKER.args });

describe('Supervisor options', () => {
  const cases: [string, Record<string, unknown>, ErrorConstructor, string][] = [
    [
      'no launcher',
      { launcher: undefined },
      TypeError,
      'launcher must be an object with a launch() method, such as a ChildProcessLauncher',
    ],
    [
      'a negative memory limit',
      { init: { ...INIT, memoryLimit: -1 } },
      RangeError,
      'init.memoryLimit must be a positive integer number of bytes, or null for no limit',
    ],
    [
      'a fractional instruction limit',
      { init: { ...INIT, instructionLimit: 1.5 } },
      RangeError,
      'init.instructionLimit must be a positive integer number of instructions, or null for no limit',
    ],
    [
      'a missing output limit',
      { init: { ...INIT, outputLimit: undefined } },
      TypeError,
      'init.outputLimit must be a non-negative integer number of bytes, or null for no limit',
    ],
    [
      'a value depth past the protocol maximum',
      { init: { ...INIT, maxValueDepth: 251 } },
      RangeError,
      'init.maxValueDepth must be an integer number of nesting levels from 1 to 250',
    ],
    [
      'a null callback depth',
      { init: { ...INIT, maxCallbackDepth: null } },
      TypeError,
      'init.maxCallbackDepth must be a non-negative integer number of nested callbacks',
    ],
    [
      'an unknown library',
      { init: { ...INIT, libs: ['base', 'os'] } },
      RangeError,
      "init.libs: unknown library 'os' (allowed: base, string, table, math, utf8, coroutine)",
    ],
    ['a repeated library', { init: { ...INIT, libs: ['base', 'base'] } }, RangeError, "init.libs: library 'base' is named twice"],
    [
      'callbacks in init',
      { init: { ...INIT, callbacks: [] } },
      TypeError,
      "unknown option 'init.callbacks' (known: memoryLimit, instructionLimit, outputLimit, maxValueDepth, maxValueSize, maxCallbackDepth, libs)",
    ],
    ['a callback named by a keyword', { callbacks: { end: () => 1 } }, RangeError, "callbacks: 'end' is a Lua keyword"],
    ['a callback name with a dash', { callbacks: { 'a-b': () => 1 } }, RangeError, "callbacks: 'a-b' is not a Lua identifier"],
    ['a callback that is not a function', { callbacks: { f: 1 } }, TypeError, 'callbacks.f must be a function'],
    ['a zero timeout', { timeout: 0 }, RangeError, 'timeout must be a positive number of milliseconds up to 2147483647, or Infinity'],
    [
      'a timeout beyond what a timer can wait',
      { timeout: 2 ** 31 },
      RangeError,
      'timeout must be a positive number of milliseconds up to 2147483647, or Infinity',
    ],
    [
      'a string startup timeout',
      { startupTimeout: '10' },
      TypeError,
      'startupTimeout must be a positive number of milliseconds up to 2147483647, or Infinity',
    ],
    [
      'a negative close timeout',
      { closeTimeout: -1 },
      RangeError,
      'closeTimeout must be a non-negative number of milliseconds up to 2147483647, or Infinity',
    ],
    [
      'a tiny frame limit',
      { maxFrameLength: 100 },
      RangeError,
      `maxFrameLength must be an integer number of bytes from 256 to ${MAX_MAX_FRAME_LENGTH}`,
    ],
    ['a non-boolean autoRestart', { autoRestart: 'yes' }, TypeError, 'autoRestart must be a boolean'],
    [
      'an unknown option',
      { retries: 3 },
      TypeError,
      "unknown option 'retries' (known: launcher, init, callbacks, onPrint, timeout, startupTimeout, closeTimeout, abortGracePeriod, autoRestart, onWorkerEvent, onStart, maxFrameLength)",
    ],
  ];

  it.each(cases)('rejects %s, naming the option', async (_, override, type, message) => {
    const before = childPids();
    const error = await Supervisor.start({ launcher, init: INIT, ...override } as SupervisorOptions).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toBe(message);
    // Nothing was launched.
    expect(childPids()).toEqual(before);
  });

  it('accepts Infinity for the timeouts and 0 for closeTimeout', async () => {
    const supervisor = await Supervisor.start({ launcher, init: INIT, timeout: Infinity, startupTimeout: Infinity, closeTimeout: 0 });
    await expect(supervisor.execute('return 1')).resolves.toEqual([1]);
    await supervisor.close();
  });
});

describe('request arguments', () => {
  const start = supervisorsClosedAfterEach();
  const cases: [string, (supervisor: Supervisor) => Promise<unknown>, ErrorConstructor, string][] = [
    ['code that is not text', (s) => s.execute(42 as never), TypeError, 'code must be a string or a Uint8Array of Lua source'],
    [
      'an empty chunk name',
      (s) => s.execute('', { chunkName: '' }),
      TypeError,
      'chunkName must be a non-empty string without NUL characters',
    ],
    [
      'a zero instruction limit',
      (s) => s.execute('', { instructionLimit: 0 }),
      RangeError,
      'instructionLimit must be a positive integer number of instructions, or null for no limit',
    ],
    [
      'a negative timeout',
      (s) => s.call('f', [], { timeout: -5 }),
      RangeError,
      'timeout must be a positive number of milliseconds up to 2147483647, or Infinity',
    ],
    [
      'a signal that is not an AbortSignal',
      (s) => s.exists('f', { signal: {} as AbortSignal }),
      TypeError,
      'signal must be an AbortSignal',
    ],
    [
      'an unknown request option',
      (s) => s.getGlobal('f', { retries: 1 } as never),
      TypeError,
      "unknown option 'retries' (known: timeout, instructionLimit, signal, context)",
    ],
    [
      'chunkName given to call',
      (s) => s.call('f', [], { chunkName: 'x' } as never),
      TypeError,
      "unknown option 'chunkName' (known: timeout, instructionLimit, signal, context)",
    ],
    ['an empty global name', (s) => s.setGlobal('', 1), TypeError, 'name must be a non-empty string without NUL characters'],
    ['a global name with NUL', (s) => s.getGlobal('a\0b'), TypeError, 'name must be a non-empty string without NUL characters'],
    ['args that are not an array', (s) => s.call('f', 'x' as never), TypeError, 'args must be an array of values'],
  ];

  it.each(cases)('rejects (never throws) %s', async (_, request, type, message) => {
    const supervisor = await start({ launcher, init: INIT });
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = request(supervisor))).not.toThrow();
    const error = await promise!.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toBe(message);
  });

  it('rejects a value that cannot cross with ConversionError naming where, and keeps serving', async () => {
    const supervisor = await start({ launcher, init: INIT });
    const error = await supervisor.call('f', [{ handler: () => 1 }] as never).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ConversionError', path: 'args[0].handler' });
    await expect(supervisor.execute('return "fine"')).resolves.toEqual(['fine']);
  });
});

describe('launcher options', () => {
  it.each([
    [
      'an empty command',
      () => new ChildProcessLauncher({ command: '' }),
      TypeError,
      'command must be a non-empty path to the worker executable, without NUL characters',
    ],
    [
      'arguments that are not strings',
      () => new ChildProcessLauncher({ command: 'x', args: [1 as never] }),
      TypeError,
      'args must be an array of strings without NUL characters',
    ],
    [
      'an unknown stderr mode',
      () => new ChildProcessLauncher({ command: 'x', stderr: 'pipe' as never }),
      TypeError,
      'stderr must be one of ignore, inherit, capture',
    ],
    [
      'a tiny frame limit',
      () => new ChildProcessLauncher({ command: 'x', maxFrameLength: 10 }),
      RangeError,
      `maxFrameLength must be an integer number of bytes from 256 to ${MAX_MAX_FRAME_LENGTH}`,
    ],
    [
      'an empty socket path',
      () => new UnixSocketLauncher({ path: '' }),
      TypeError,
      'path must be a non-empty socket path without NUL characters',
    ],
    [
      'a zero connect timeout',
      () => new UnixSocketLauncher({ path: '/tmp/x', connectTimeout: 0 }),
      RangeError,
      'connectTimeout must be a positive number of milliseconds up to 2147483647, or Infinity',
    ],
  ])('rejects %s', (_, create, type, message) => {
    expect(create).toThrow(type);
    expect(create).toThrow(message);
  });
});
