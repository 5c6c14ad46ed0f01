/**
 * A value as it arrives from the wire.
 *
 * - `null` is Lua nil.
 * - Integers are numbers when they are safe integers, BigInts beyond 2^53.
 * - Floats are numbers. An integral float (Lua `1.0`) decodes to the same JavaScript number as
 *   the integer `1`; send a {@link WireFloat} to make the difference on the way back.
 * - Valid UTF-8 text is a string; other bytes are a Uint8Array (in Node, a Buffer).
 * - A map whose keys are all strings is a plain object (a `"__proto__"` key is an own
 *   property); any other map is a Map.
 */
export type LuaWireValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | LuaWireValue[]
  | LuaWireObject
  | Map<LuaWireValue, LuaWireValue>;

/** A map with string keys, decoded as a plain object. */
export interface LuaWireObject {
  [key: string]: LuaWireValue;
}

/**
 * What the encoder accepts as a value: a {@link LuaWireValue}, plus `undefined` (sent as nil, as
 * `null` is) and {@link WireFloat}. Numbers that are safe integers are sent as integers, every
 * other number (fractions, -0, NaN, ±Infinity, integers beyond 2^53) as a 64-bit float.
 * Plain objects send their own enumerable string keys; Maps may have keys of any kind.
 */
export type LuaWireInput =
  | LuaWireValue
  | undefined
  | WireFloat
  | readonly LuaWireInput[]
  | { readonly [key: string]: LuaWireInput }
  | ReadonlyMap<LuaWireInput, LuaWireInput>;

/**
 * A number to send as a 64-bit float even when it is integral, so that Lua receives `1.0`
 * (a float) rather than `1` (an integer). Decoding never produces a WireFloat: floats decode
 * to plain numbers.
 */
export class WireFloat {
  /** The number to send. */
  readonly value: number;

  constructor(value: number) {
    if (typeof value !== 'number') throw new TypeError('WireFloat value must be a number');
    this.value = value;
  }
}

/**
 * An integer outside the 32-bit range that the encoder writes itself, as MessagePack
 * int 64 (negative) or uint 64 (positive). msgpackr would write such a number as a float.
 */
export class WireInteger {
  readonly value: bigint;

  constructor(value: bigint) {
    this.value = value;
  }
}
