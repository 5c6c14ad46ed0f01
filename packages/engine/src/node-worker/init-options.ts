import type { InitOptions, WorkerLimits } from '@luaward/protocol';
import type { LuaEngineOptions } from '../options.js';
import type { LuaCallback } from '../values.js';

/**
 * The engine options an `init` asks for. The wire says "no limit" with nil; the engine with
 * Infinity, except for `maxValueSize`, which it always bounds: the largest safe integer stands in.
 */
export function engineOptionsFor(
  options: InitOptions,
  callbacks: Record<string, LuaCallback>,
  onPrint: (text: string) => void,
): LuaEngineOptions {
  return {
    memoryLimit: options.memoryLimit ?? Number.POSITIVE_INFINITY,
    instructionLimit: options.instructionLimit ?? Number.POSITIVE_INFINITY,
    outputLimit: options.outputLimit ?? Number.POSITIVE_INFINITY,
    libs: options.libs,
    maxValueDepth: options.maxValueDepth,
    maxValueSize: options.maxValueSize ?? Number.MAX_SAFE_INTEGER,
    callbacks,
    onPrint,
  };
}

/** The limits this worker enforces for an `init`: exactly those asked for. */
export function enforcedLimits(options: InitOptions): WorkerLimits {
  const { memoryLimit, instructionLimit, outputLimit, maxValueDepth, maxValueSize, maxCallbackDepth } = options;
  return { memoryLimit, instructionLimit, outputLimit, maxValueDepth, maxValueSize, maxCallbackDepth };
}

/** A request's instruction budget for the engine: absent keeps the engine's default, nil means none. */
export function requestBudget(limit: number | null | undefined): number | undefined {
  return limit === null ? Number.POSITIVE_INFINITY : limit;
}
