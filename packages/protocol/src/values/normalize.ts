import type { LuaWireValue } from './wire-value.js';

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Finishes a tree decoded by msgpackr, in place where it can:
 * - msgpackr decodes every int 64 / uint 64 as a BigInt; those in the safe range become numbers;
 * - when the frame was decoded with maps as Maps (because some map has a non-string key or a
 *   `"__proto__"` key), each Map whose keys are all strings becomes a plain object, built with
 *   define semantics so `"__proto__"` is an own property and never a prototype change.
 *
 * Called only on frames whose scan found a reason to; the recursion is bounded by the scan's
 * nesting limit.
 */
export function normalizeDecoded(value: unknown): LuaWireValue {
  if (typeof value === 'bigint') return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value as LuaWireValue;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalizeDecoded(value[i]);
    return value as LuaWireValue[];
  }
  if (value instanceof Map) return normalizeMap(value);
  const object = value as Record<string, unknown>;
  // Decoded as an object, so its keys are strings and none is "__proto__" (the scan routes those
  // frames through Maps): plain assignment is safe here.
  for (const key in object) object[key] = normalizeDecoded(object[key]);
  return object as LuaWireValue;
}

function normalizeMap(map: Map<unknown, unknown>): LuaWireValue {
  const entries: [LuaWireValue, LuaWireValue][] = [];
  let stringKeys = true;
  for (const [key, item] of map) {
    const normalizedKey = normalizeDecoded(key);
    if (typeof normalizedKey !== 'string') stringKeys = false;
    entries.push([normalizedKey, normalizeDecoded(item)]);
  }
  // Object.fromEntries defines properties (CreateDataProperty), never invoking the __proto__ setter.
  return stringKeys ? (Object.fromEntries(entries) as LuaWireValue) : new Map(entries);
}
