import { MAX_NESTING_DEPTH } from '../constants.js';
import { ConversionError } from '../errors/errors.js';
import { WireFloat, WireInteger } from './wire-value.js';

const MIN_INT64 = -(2n ** 63n);
const MAX_UINT64 = 2n ** 64n - 1n;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

type PathSegment = string | number | { mapKey: unknown };

/** Raised inside the walk; each container on the way out adds where the failure was. */
class ValueFailure {
  readonly segments: PathSegment[] = [];
  constructor(readonly reason: string) {}
}

function fail(reason: string): never {
  throw new ValueFailure(reason);
}

function rethrowWithSegment(error: unknown, segment: PathSegment): never {
  if (error instanceof ValueFailure) error.segments.push(segment);
  throw error;
}

/**
 * Checks that `value` can be sent and returns what msgpackr must be given to write it exactly:
 * the value itself when nothing needs changing (the common case, no copy), otherwise a copy in
 * which numbers that msgpackr would write with the wrong MessagePack type are wrapped, BigInts
 * in the safe range are plain numbers and `undefined` entries stay (msgpackr writes them as nil).
 *
 * `depth` is the nesting depth of the container holding `value` (the message map is 1), so that
 * no frame nests deeper than MAX_NESTING_DEPTH. `path` names the value in errors, such as `value`.
 *
 * @throws ConversionError naming the path of the first value that cannot be sent: a function,
 * symbol, class instance, typed array other than Uint8Array, a BigInt beyond 64 bits, a cycle,
 * or nesting deeper than the protocol allows.
 */
export function prepareValue(value: unknown, depth: number, path: string): unknown {
  try {
    return prepare(value, depth, undefined);
  } catch (error) {
    throw conversionError(error, path);
  }
}

/** Prepares each element of a value list such as `args` (which sits at depth 2). */
export function prepareValues(values: readonly unknown[], path: string): unknown[] {
  let out: unknown[] | undefined;
  let i = 0;
  try {
    for (; i < values.length; i++) {
      const item = values[i];
      if (isPlainScalar(item)) continue;
      const prepared = prepare(item, 2, undefined);
      if (prepared !== item) {
        out ??= values.slice();
        out[i] = prepared;
      }
    }
  } catch (error) {
    throw conversionError(error, `${path}[${i}]`);
  }
  return out ?? (values as unknown[]);
}

function conversionError(error: unknown, path: string): unknown {
  if (!(error instanceof ValueFailure)) return error;
  const where = path + formatPath(error.segments.reverse());
  return new ConversionError(`${where}: ${error.reason}`, { path: where });
}

function prepare(value: unknown, depth: number, ancestors: object[] | undefined): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      return prepareNumber(value);
    case 'bigint':
      return prepareBigInt(value);
    case 'object':
      return value === null ? null : prepareObject(value, depth, ancestors ?? []);
    default:
      return fail(`a ${typeof value} cannot be sent`);
  }
}

function prepareNumber(value: number): unknown {
  // msgpackr writes exactly the 32-bit integers as integers, -0 included (as 0).
  if (value >>> 0 === value || value >> 0 === value) {
    return value === 0 && Object.is(value, -0) ? new WireFloat(-0) : value;
  }
  if (Number.isSafeInteger(value)) return new WireInteger(BigInt(value));
  return value; // a fraction, NaN, ±Infinity or an integer beyond 2^53: msgpackr writes float 64
}

function prepareBigInt(value: bigint): unknown {
  if (value >= MIN_SAFE && value <= MAX_SAFE) return prepareNumber(Number(value));
  if (value >= MIN_INT64 && value <= MAX_UINT64) return new WireInteger(value);
  return fail(`the BigInt ${value} does not fit in 64 bits`);
}

function prepareObject(value: object, depth: number, ancestors: object[]): unknown {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Object.prototype)
    return preparePlainObject(value as Record<string, unknown>, enter(value, depth, ancestors), ancestors);
  if (Array.isArray(value)) return prepareArray(value, enter(value, depth, ancestors), ancestors);
  if (value instanceof Uint8Array || value instanceof WireFloat) return value;
  if (value instanceof Map) return prepareMap(value, enter(value, depth, ancestors), ancestors);
  if (prototype === null) return preparePlainObject(value as Record<string, unknown>, enter(value, depth, ancestors), ancestors);
  if (ArrayBuffer.isView(value)) return fail(`a ${value.constructor.name} cannot be sent (use a Uint8Array)`);
  const maker = (prototype as { constructor?: unknown }).constructor;
  const name = typeof maker === 'function' ? maker.name : '';
  return fail(
    `${name ? `a ${name}` : 'an object with a custom prototype'} cannot be sent (only plain objects, arrays, Maps and Uint8Arrays)`,
  );
}

/** Checks a container about to be walked (no cycle, not too deep) and returns its own depth. */
function enter(container: object, depth: number, ancestors: object[]): number {
  // The ancestors are as many as the nesting depth, a handful in practice.
  if (ancestors.includes(container)) fail('the value contains a cycle');
  const own = depth + 1;
  if (own > MAX_NESTING_DEPTH) fail(`the value nests deeper than the protocol allows (${MAX_NESTING_DEPTH} levels, the message included)`);
  ancestors.push(container);
  return own;
}

/**
 * Whether `value` is a scalar that msgpackr writes exactly right as it is, checked inline for
 * speed: strings, booleans, null, and numbers other than -0 and the safe integers beyond 32 bits
 * (int32s are written as integers, everything else non-integral or unsafe as a float 64).
 */
function isPlainScalar(value: unknown): boolean {
  if (typeof value === 'number') return (value | 0) === value ? value !== 0 || 1 / value > 0 : !Number.isSafeInteger(value);
  return typeof value === 'string' || typeof value === 'boolean' || value === null;
}

function prepareArray(array: unknown[], depth: number, ancestors: object[]): unknown[] {
  let out: unknown[] | undefined;
  let i = 0;
  try {
    for (; i < array.length; i++) {
      const item = array[i];
      if (isPlainScalar(item)) continue;
      const prepared = prepare(item, depth, ancestors);
      if (prepared !== item) {
        out ??= array.slice();
        out[i] = prepared;
      }
    }
  } catch (error) {
    rethrowWithSegment(error, i);
  }
  ancestors.pop();
  return out ?? array;
}

function preparePlainObject(object: Record<string, unknown>, depth: number, ancestors: object[]): object {
  let out: Record<string, unknown> | undefined;
  let current = '';
  try {
    // for-in rather than Object.keys: no array to allocate. It also visits inherited enumerable
    // keys, which a plain object's prototype (Object.prototype or null) does not have.
    for (const key in object) {
      current = key;
      const item = object[key];
      if (isPlainScalar(item)) continue;
      const prepared = prepare(item, depth, ancestors);
      if (prepared !== item && Object.hasOwn(object, key)) {
        out ??= copyOf(object);
        out[key] = prepared;
      }
    }
  } catch (error) {
    rethrowWithSegment(error, current);
  }
  ancestors.pop();
  return out ?? object;
}

/** An own-key copy with a null prototype, so that a "__proto__" key stays an ordinary property. */
function copyOf(object: Record<string, unknown>): Record<string, unknown> {
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(object)) copy[key] = object[key];
  return copy;
}

function prepareMap(map: ReadonlyMap<unknown, unknown>, depth: number, ancestors: object[]): ReadonlyMap<unknown, unknown> {
  let out: Map<unknown, unknown> | undefined;
  let index = 0;
  for (const [key, item] of map) {
    let preparedKey: unknown;
    let preparedItem: unknown;
    try {
      preparedKey = prepare(key, depth, ancestors);
    } catch (error) {
      rethrowWithSegment(error, { mapKey: key });
    }
    try {
      preparedItem = prepare(item, depth, ancestors);
    } catch (error) {
      rethrowWithSegment(error, { mapKey: key });
    }
    // msgpackr writes only a Map itself as a map (a subclass would lose its entries): copy those.
    if ((preparedKey !== key || preparedItem !== item || map.constructor !== Map) && out === undefined) {
      out = new Map();
      let copied = 0;
      for (const entry of map) {
        if (copied++ === index) break;
        out.set(entry[0], entry[1]);
      }
    }
    out?.set(preparedKey, preparedItem);
    index++;
  }
  ancestors.pop();
  return out ?? map;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string') out += IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    else out += `[${describeKey(segment.mapKey)}]`;
  }
  return out;
}

function describeKey(key: unknown): string {
  switch (typeof key) {
    case 'string':
      return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
    case 'number':
    case 'boolean':
      return String(key);
    case 'bigint':
      return `${key}n`;
    default:
      return key === null ? 'null' : `<${typeof key === 'object' ? 'table' : typeof key} key>`;
  }
}
