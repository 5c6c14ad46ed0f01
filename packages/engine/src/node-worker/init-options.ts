import { fromWireLimits, pickWireLimits, type InitOptions, type WorkerLimits } from '@luaward/protocol';
import type { LuaEngineOptions } from '../options.js';
import type { LuaCallback } from '../values.js';

/** The engine options an `init` asks for: its limits (nil on the wire is Infinity for the engine) and libraries. */
export function engineOptionsFor(
  options: InitOptions,
  callbacks: Record<string, LuaCallback>,
  onPrint: (text: string) => void,
): LuaEngineOptions {
  return { ...fromWireLimits(options, 'engine'), libs: options.libs, callbacks, onPrint };
}

/** The limits this worker enforces for an `init`: exactly those asked for. */
export function enforcedLimits(options: InitOptions): WorkerLimits {
  return pickWireLimits(options);
}

/** A request's instruction budget for the engine: absent keeps the engine's default, nil means none. */
export function requestBudget(limit: number | null | undefined): number | undefined {
  return limit === null ? Number.POSITIVE_INFINITY : limit;
}
