import { DEFAULT_MAX_FRAME_LENGTH, MAX_MAX_FRAME_LENGTH, MAX_VALUE_DEPTH, MIN_MAX_FRAME_LENGTH } from '../constants.js';

// Every number an option of LuaWard takes, once: its unit, its range, its default and whether it
// can say "no limit". The in-process engine, the supervisor, the isolated VM and the wire checks
// all read this table; docs/architecture.md says how to add a limit.

/**
 * Where a value is given. Each layer takes its own subset of the table, and says "no limit" in
 * its own way:
 * - `engine`: `LuaEngine` options (in-process): `Infinity`.
 * - `vm`: `IsolatedLuaVM` options: `Infinity`.
 * - `host`: supervisor and launcher options that stay on the host (timeouts, frame lengths): `Infinity`.
 * - `wire`: what travels in `init` (and the supervisor's `init`, sent as it is) and in a request's
 *   `instructionLimit`: `null`.
 */
export type Layer = 'engine' | 'vm' | 'host' | 'wire';

/** What the table says of one number option. */
export interface NumberSpec {
  /** What the unit is called, in the plural: messages say "a positive integer number of <unit>". */
  readonly unit: string;
  /** Counts are whole numbers; durations need not be. */
  readonly integer: boolean;
  /** The smallest value; `exclusiveMin` makes it the value just below the smallest (durations: "positive"). */
  readonly min: number;
  readonly exclusiveMin?: boolean;
  /** The largest value: `Number.MAX_SAFE_INTEGER` for counts bounded only by what a JavaScript number holds. */
  readonly max: number;
  /** A layer whose bound differs from `max`. */
  readonly maxIn?: Readonly<Partial<Record<Layer, number>>>;
  /** Whether the option can say "no limit" (`Infinity`, or `null` on the wire). */
  readonly unlimited: boolean;
  /** What a layer with defaults uses when the option is not given. */
  readonly default: number;
  /** The layers that take the option. */
  readonly layers: readonly Layer[];
}

/** Longest delay a Node.js timer honours (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 0x7fff_ffff;

/**
 * Largest `maxValueDepth` of the in-process engine: conversion recurses on the native stack
 * (native/src/core/convert.hpp, kMaxValueDepthCeiling). Over the wire, MAX_VALUE_DEPTH bounds it.
 */
export const MAX_IN_PROCESS_VALUE_DEPTH = 1000;

/**
 * Largest `maxCallbackDepth` of the isolated VM: its workers' Lua state serves at most 16 nested
 * requests, the outermost one included (native/src/core/interruption.hpp, kMaxLevels).
 */
export const MAX_NESTED_CALLBACKS = 15;

/** The chunk name of `execute` when none is given. */
export const DEFAULT_CHUNK_NAME = 'script';

/** The libraries a Lua state opens unless told otherwise. */
export const DEFAULT_LIBS = Object.freeze(['base', 'string', 'table', 'math'] as const);

const SAFE = Number.MAX_SAFE_INTEGER;
const MiB = 1024 * 1024;
const STATE: readonly Layer[] = ['engine', 'vm', 'wire'];

/**
 * The limits of a Lua state, in the order `init.options` and `ready.limits` list them: every
 * layer that runs Lua takes them, and the supervisor sends them to the worker in `init`. Their
 * documentation is {@link LimitOptions} and {@link WireLimits}.
 */
export const LIMITS = {
  memoryLimit: { unit: 'bytes', integer: true, min: 1, max: SAFE, unlimited: true, default: 64 * MiB, layers: STATE },
  instructionLimit: { unit: 'instructions', integer: true, min: 1, max: SAFE, unlimited: true, default: 100_000_000, layers: STATE },
  outputLimit: { unit: 'bytes', integer: true, min: 0, max: SAFE, unlimited: true, default: MiB, layers: STATE },
  maxValueDepth: {
    unit: 'nesting levels',
    integer: true,
    min: 1,
    max: MAX_VALUE_DEPTH,
    maxIn: { engine: MAX_IN_PROCESS_VALUE_DEPTH },
    unlimited: false,
    default: 64,
    layers: STATE,
  },
  maxValueSize: { unit: 'table entries', integer: true, min: 1, max: SAFE, unlimited: true, default: 1_000_000, layers: STATE },
  maxCallbackDepth: {
    unit: 'nested callbacks',
    integer: true,
    min: 0,
    max: SAFE,
    maxIn: { vm: MAX_NESTED_CALLBACKS },
    unlimited: false,
    default: 8,
    layers: ['vm', 'wire'],
  },
} as const satisfies Record<string, NumberSpec>;

const duration = (defaultMs: number, layers: readonly Layer[], zero = false): NumberSpec => ({
  unit: 'milliseconds',
  integer: false,
  min: 0,
  exclusiveMin: !zero,
  max: MAX_TIMER_MS,
  unlimited: true,
  default: defaultMs,
  layers,
});

/** The other numbers options take: wall-clock durations and frame lengths, which stay on the host. */
export const HOST_NUMBERS = {
  /** A request's wall-clock limit. */
  timeout: duration(30_000, ['vm', 'host']),
  /** From launch to the end of the handshake. */
  startupTimeout: duration(10_000, ['vm', 'host']),
  /** From asking a worker to shut down to SIGKILL; 0 kills at once. */
  closeTimeout: duration(1_000, ['vm', 'host'], true),
  /** From asking a worker to interrupt an aborted request to killing it, if the request still runs; 0 kills at once. */
  abortGracePeriod: duration(1_000, ['vm', 'host'], true),
  /** A UnixSocketLauncher's wait for its worker to connect. */
  connectTimeout: duration(10_000, ['host']),
  /** Largest frame body a side accepts. */
  maxFrameLength: {
    unit: 'bytes',
    integer: true,
    min: MIN_MAX_FRAME_LENGTH,
    max: MAX_MAX_FRAME_LENGTH,
    unlimited: false,
    default: DEFAULT_MAX_FRAME_LENGTH,
    layers: ['host'],
  },
} as const satisfies Record<string, NumberSpec>;

/** Every number option. */
export const NUMBER_OPTIONS: Readonly<Record<NumberOptionName, NumberSpec>> = { ...LIMITS, ...HOST_NUMBERS };

export type LimitName = keyof typeof LIMITS;
export type NumberOptionName = LimitName | keyof typeof HOST_NUMBERS;
/** The limits `layer` takes. */
export type LimitIn<L extends Layer> = { [K in LimitName]: L extends (typeof LIMITS)[K]['layers'][number] ? K : never }[LimitName];

/** The names of the limits, in the order of the table. */
export const LIMIT_NAMES = Object.freeze(Object.keys(LIMITS) as LimitName[]);

/** The limits `layer` takes, in the order of the table. */
export function limitsIn<L extends Layer>(layer: L): readonly LimitIn<L>[] {
  return LIMIT_NAMES.filter((name) => LIMITS[name].layers.includes(layer as never)) as LimitIn<L>[];
}

/** The largest value of option `name` in `layer`. */
export function maxOf(name: NumberOptionName, layer: Layer): number {
  const spec = NUMBER_OPTIONS[name];
  return spec.maxIn?.[layer] ?? spec.max;
}

/** The defaults of the limits `layer` takes (`Infinity` stands for none, where a default is none). */
export function defaultLimits<L extends Layer>(layer: L): Readonly<Record<LimitIn<L>, number>> {
  return Object.freeze(Object.fromEntries(limitsIn(layer).map((name) => [name, LIMITS[name].default]))) as Record<LimitIn<L>, number>;
}

/**
 * The limits of a Lua state as `LuaEngine` and `IsolatedLuaVM` take them. `Infinity` means no
 * limit where a limit allows it. `LuaEngine` takes all but `maxCallbackDepth`.
 */
export interface LimitOptions {
  /**
   * Bytes the Lua state may hold (everything Lua allocates: the sandbox itself, strings,
   * tables, closures). Past it an allocation fails with Lua's memory error, which a script's
   * `pcall` may catch; a request that fails with it fails with `MemoryLimitError`, and the
   * engine or VM stays usable. An isolated VM's worker process needs a few MB more than this
   * (code, stacks, buffers). `Infinity` removes the cap. Default: 64 MiB (67108864).
   */
  memoryLimit?: number;
  /**
   * VM instructions each request may run (`execute`, `call`, `callWith`, and an isolated VM's
   * `init` script). Past it the request fails with `InstructionLimitError`; `pcall` cannot
   * swallow it. A C function counts as one instruction whatever it does: only an isolated VM's
   * `timeout` stops a single long C call (docs/limits.md). Short coroutines may get up to about
   * twice the budget. `Infinity` runs without a budget and without the cost of Lua's count hook.
   * Default: 100000000.
   */
  instructionLimit?: number;
  /**
   * Bytes of `print` output per request; each line counts its text plus one for the newline.
   * Past it `print` raises an error and the request fails with `OutputLimitError`, even if the
   * script catches that error. `Infinity` removes the cap. Default: 1 MiB (1048576).
   */
  outputLimit?: number;
  /**
   * Deepest nesting of tables (arrays, objects, Maps) a value crossing between Lua and
   * JavaScript may have; the outermost table is depth 1. Deeper values fail with
   * `ConversionError`. From 1 to 250 in an isolated VM (the wire's bound), to 1000 in the
   * in-process engine. Default: 64.
   */
  maxValueDepth?: number;
  /**
   * Most table entries, counted over all levels, that one value crossing between Lua and
   * JavaScript may have (arguments, results, callback arguments and results; for JavaScript
   * arrays every index counts, holes too). Larger values fail with `ConversionError`. Strings
   * are not counted: `memoryLimit` bounds them. `Infinity` removes the cap. Default: 1000000.
   */
  maxValueSize?: number;
  /**
   * Isolated VM only. Most host callbacks that may be waiting for their result at once: a
   * callback that calls the VM, whose Lua code calls a callback again, and so on. Past it the
   * innermost call raises a Lua error. `0` disables callbacks. From 0 to 15 (the Lua state
   * serves at most 16 nested requests). Default: 8.
   */
  maxCallbackDepth?: number;
}

/**
 * The limits of a Lua state as they travel: in `init.options`, in `ready.limits` (what the worker
 * enforces) and in the supervisor's `init`. Every one is required; `null` means no limit.
 */
export interface WireLimits {
  /** Bytes the Lua state may hold (the allocator's count), or null for no limit. */
  memoryLimit: number | null;
  /** Default instruction budget of each request that runs Lua, or null for none. */
  instructionLimit: number | null;
  /** Bytes one request may print (print data plus one per newline), or null for no limit. */
  outputLimit: number | null;
  /** Deepest table nesting a converted value may have, 1 to MAX_VALUE_DEPTH. */
  maxValueDepth: number;
  /** Most table entries (counted through nested tables) a converted value may have, or null for no limit. */
  maxValueSize: number | null;
  /** Most callbacks that may wait for a reply at once (0 disables callbacks). */
  maxCallbackDepth: number;
}

// The table and the two interfaces name the same limits (a compile-time check).
type SameKeys<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : false;
const LIMITS_MATCH_INTERFACES: SameKeys<LimitName, keyof LimitOptions> & SameKeys<LimitName, keyof WireLimits> = true;
void LIMITS_MATCH_INTERFACES;
