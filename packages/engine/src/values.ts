/**
 * A value that crosses between JavaScript and Lua. The mapping is specified in
 * docs/values.md; in short:
 *
 * - `null` is nil (and `undefined` becomes nil on the way in);
 * - numbers: Lua integers within ±(2^53 - 1) are `number`, beyond that `bigint`;
 *   Lua floats are `number` (NaN, ±Infinity and -0 included);
 * - strings: valid UTF-8 is a `string`, other bytes a `Uint8Array`;
 * - tables: a sequence 1..n is an array, string keys only (and the empty
 *   table) a plain object, anything else a `Map`.
 */
export type LuaValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | LuaValue[]
  | { [key: string]: LuaValue }
  | Map<LuaValue, LuaValue>;

/**
 * What JavaScript may pass into Lua (arguments, globals, what a callback returns): a
 * {@link LuaValue}, and also `undefined` (nil), readonly arrays and maps, and objects of any
 * declared type, interfaces included. TypeScript gives an interface no index signature, so no
 * recursive type could accept one: objects are taken as `object`, and what cannot cross (a
 * function, a class instance other than Map and Uint8Array, a cycle) is refused when the value
 * is converted, with a `ConversionError` that names where it is.
 */
export type LuaInput = LuaValue | undefined | readonly LuaInput[] | ReadonlyMap<LuaInput, LuaInput> | object;

/**
 * A JavaScript function that Lua calls as a global. It receives the Lua
 * arguments converted to JavaScript and returns one value (`undefined`: no
 * result at all; `null`: one nil). If it throws, the script sees a Lua error
 * it can catch with pcall; uncaught, the request fails with a
 * `LuaRuntimeError` whose `cause` is the thrown value.
 */
export type LuaCallback = (...args: LuaValue[]) => LuaInput | void;
