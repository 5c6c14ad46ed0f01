import { WireFloat, type LuaWireInput, type LuaWireValue } from '../values/wire-value.js';

/**
 * Wire values written as JSON, for the golden vectors (packages/protocol/golden/vectors.json).
 *
 * - JSON null, true, false, strings: nil, booleans, str.
 * - A JSON number: an integer (it must be a safe integer; fractions are not allowed here).
 * - `{"$int": "18446744073709551615"}`: an integer beyond the safe range, in decimal.
 * - `{"$float": "1.5"}`: a float 64; the text is a JavaScript number literal or NaN, Infinity,
 *   -Infinity, -0. Every float is written this way, even 1.0 (`{"$float": "1"}`).
 * - `{"$bin": "ff00"}`: bytes, in hex.
 * - `{"$map": [[key, value], ...]}`: a map whose keys are not all strings, in wire order (also
 *   used for a string-keyed map with a single key starting with `$`).
 * - Any other JSON object: a map with string keys, in the object's key order.
 *
 * An object with exactly one key that starts with `$` is always a tag.
 */
export type JsonWireValue = null | boolean | number | string | JsonWireValue[] | { [key: string]: JsonWireValue };

/** Builds what the encoder is given for a described value (floats as WireFloat). */
export function inputFromJson(json: JsonWireValue): LuaWireInput {
  return fromJson(json, true) as LuaWireInput;
}

/** Builds what the decoder must produce for a described value. */
export function expectedFromJson(json: JsonWireValue): LuaWireValue {
  return fromJson(json, false) as LuaWireValue;
}

function fromJson(json: JsonWireValue, forEncoder: boolean): unknown {
  if (json === null || typeof json === 'boolean' || typeof json === 'string') return json;
  if (typeof json === 'number') {
    if (!Number.isSafeInteger(json))
      throw new TypeError(`${json}: JSON numbers describe safe integers; use {"$float": ...} or {"$int": ...}`);
    return json;
  }
  if (Array.isArray(json)) return json.map((item) => fromJson(item, forEncoder));
  const tag = tagOf(json);
  if (tag === undefined) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(json))
      Object.defineProperty(out, key, { value: fromJson(item, forEncoder), enumerable: true, writable: true, configurable: true });
    return out;
  }
  const content = json[tag];
  switch (tag) {
    case '$int':
      if (typeof content !== 'string' || !/^-?\d+$/.test(content))
        throw new TypeError(`$int takes a decimal string, got ${JSON.stringify(content)}`);
      return BigInt(content);
    case '$float': {
      if (typeof content !== 'string') throw new TypeError(`$float takes a string, got ${JSON.stringify(content)}`);
      const number = content === 'NaN' ? Number.NaN : Number(content);
      if (Number.isNaN(number) && content !== 'NaN') throw new TypeError(`$float: ${JSON.stringify(content)} is not a number`);
      return forEncoder ? new WireFloat(number) : number;
    }
    case '$bin':
      if (typeof content !== 'string' || !/^([0-9a-f]{2})*$/.test(content))
        throw new TypeError(`$bin takes lowercase hex, got ${JSON.stringify(content)}`);
      return Uint8Array.from(Buffer.from(content, 'hex'));
    case '$map': {
      if (!Array.isArray(content) || !content.every((entry) => Array.isArray(entry) && entry.length === 2)) {
        throw new TypeError('$map takes an array of [key, value] pairs');
      }
      const entries = (content as [JsonWireValue, JsonWireValue][]).map(
        ([key, item]) => [fromJson(key, forEncoder), fromJson(item, forEncoder)] as const,
      );
      // The decoder returns a string-keyed map as a plain object, whatever the description says.
      if (!forEncoder && entries.every(([key]) => typeof key === 'string')) return Object.fromEntries(entries);
      return new Map(entries);
    }
    default:
      throw new TypeError(`unknown tag ${tag}`);
  }
}

function tagOf(json: { [key: string]: JsonWireValue }): string | undefined {
  const keys = Object.keys(json);
  return keys.length === 1 && keys[0]!.startsWith('$') ? keys[0] : undefined;
}
