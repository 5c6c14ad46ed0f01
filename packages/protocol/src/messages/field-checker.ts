import {
  LUA_LIBRARIES,
  MAX_MAX_FRAME_LENGTH,
  MAX_REQUEST_ID,
  MIN_MAX_FRAME_LENGTH,
  PROTOCOL_VERSION,
  WIRE_ERROR_CODES,
} from '../constants.js';
import { ProtocolError } from '../errors/errors.js';
import { isLuaName } from '../limits/lua-names.js';
import { LIMITS, maxOf, type LimitName } from '../limits/table.js';
import { prepareValue, prepareValues } from '../values/prepare.js';

/** The rules of one message type, or of a record inside one (such as `init.options`). */
export interface MessageRules {
  /** Field names in canonical order (`type` excluded). */
  readonly fields: readonly string[];
  /** Records among the fields, with their own rules. */
  readonly records?: Readonly<Record<string, MessageRules>>;
  /**
   * Checks every field through `check` and returns how many are present (`type` excluded).
   * Written out per message, so that each field is a plain property read.
   */
  readonly check: (object: Record<string, unknown>, check: FieldChecker) => number;
}

const SAFE = Number.MAX_SAFE_INTEGER;
const LIBRARIES: ReadonlySet<string> = new Set(LUA_LIBRARIES);
const ERROR_CODES: ReadonlySet<string> = new Set(WIRE_ERROR_CODES);

/**
 * Checks the fields of one message at a time, naming the message and the field in every
 * ProtocolError. Each method checks one field: it returns 1 when the field is present and
 * valid, 0 for an absent optional field, and throws otherwise.
 *
 * When encoding, it also collects what the encoder must rewrite: prepared value fields
 * (`replaced`), and whether the message needs rebuilding (`rebuild`).
 */
export class FieldChecker {
  /** The side that sent (or is sending) the message, for errors. */
  readonly sender: string;
  /** Whether values are prepared for encoding (outgoing) or taken as decoded (incoming). */
  readonly encoding: boolean;
  /** The message type being checked. */
  type = '';
  /** The record being checked inside the message, if any. */
  record: string | undefined;
  /**
   * Incoming: how many keys the message's one record has on the wire (undefined when unknown),
   * so that a repeated key is caught.
   */
  recordEntries: number | undefined;
  /**
   * Outgoing: the encoder must write a rebuilt copy, because an integer field lies beyond 32 bits
   * (msgpackr would write it as a float) or a record has keys beyond its present fields.
   */
  rebuild = false;
  /** Outgoing: value fields whose prepared form differs from the original. */
  replaced: Record<string, unknown> | undefined;

  constructor(sender: string, encoding: boolean) {
    this.sender = sender;
    this.encoding = encoding;
  }

  /** Starts checking a message of `type`. */
  begin(type: string): void {
    this.type = type;
    this.record = undefined;
    this.rebuild = false;
    this.replaced = undefined;
  }

  /** `${sender} message "${type}"`, with the record when inside one. */
  get where(): string {
    return `${this.sender} message "${this.type}"${this.record === undefined ? '' : `, "${this.record}"`}`;
  }

  id(value: unknown, name: string): number {
    if (typeof value === 'number' && value >>> 0 === value && value !== 0) return 1;
    return this.fail(value, name, `an integer from 1 to ${MAX_REQUEST_ID}`);
  }

  optionalId(value: unknown, name: string): number {
    return value === undefined ? 0 : this.id(value, name);
  }

  string(value: unknown, name: string): number {
    if (typeof value === 'string') return 1;
    return this.fail(value, name, 'a string');
  }

  optionalString(value: unknown, name: string): number {
    return value === undefined ? 0 : this.string(value, name);
  }

  /** A name such as a global's: a non-empty string. */
  name(value: unknown, name: string): number {
    if (typeof value === 'string' && value.length > 0) return 1;
    return this.fail(value, name, 'a non-empty string');
  }

  textOrBytes(value: unknown, name: string): number {
    if (typeof value === 'string' || value instanceof Uint8Array) return 1;
    return this.fail(value, name, 'a str or a bin');
  }

  /** An integer of at least `min` (and at most 2^53 - 1). */
  integer(value: unknown, name: string, min: number): number {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= SAFE) {
      if (value > 0xffff_ffff) this.rebuild = true;
      return 1;
    }
    return this.fail(value, name, `an integer of at least ${min}`);
  }

  optionalInteger(value: unknown, name: string, min: number): number {
    return value === undefined ? 0 : this.integer(value, name, min);
  }

  /** A limit: an integer of at least `min`, or nil for no limit. */
  limit(value: unknown, name: string, min: number): number {
    if (value === null) return 1;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= SAFE) {
      if (value > 0xffff_ffff) this.rebuild = true;
      return 1;
    }
    return this.fail(value, name, `an integer of at least ${min}, or nil for no limit`);
  }

  optionalLimit(value: unknown, name: string, min: number): number {
    return value === undefined ? 0 : this.limit(value, name, min);
  }

  range(value: unknown, name: string, min: number, max: number): number {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return 1;
    return this.fail(value, name, `an integer from ${min} to ${max}`);
  }

  frameLength(value: unknown, name: string): number {
    return this.range(value, name, MIN_MAX_FRAME_LENGTH, MAX_MAX_FRAME_LENGTH);
  }

  /** A limit of a Lua state, in the range limits/table.ts gives it on the wire. */
  stateLimit(value: unknown, name: LimitName): number {
    const spec = LIMITS[name];
    const max = maxOf(name, 'wire');
    if (value === null && spec.unlimited) return 1;
    if (typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= max) {
      if (value > 0xffff_ffff) this.rebuild = true;
      return 1;
    }
    const range = max === SAFE ? `an integer of at least ${spec.min}` : `an integer from ${spec.min} to ${max}`;
    return this.fail(value, name, spec.unlimited ? `${range}, or nil for no limit` : range);
  }

  protocol(value: unknown, name: string): number {
    if (value === PROTOCOL_VERSION) return 1;
    return this.fail(value, name, `${PROTOCOL_VERSION} (the protocol version this side speaks)`);
  }

  errorCode(value: unknown, name: string): number {
    if (typeof value === 'string' && ERROR_CODES.has(value)) return 1;
    return this.fail(value, name, `one of ${WIRE_ERROR_CODES.join(', ')}`);
  }

  strings(value: unknown, name: string): number {
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return 1;
    return this.fail(value, name, 'an array of strings');
  }

  libraries(value: unknown, name: string): number {
    if (isDistinctStrings(value, (item) => LIBRARIES.has(item))) return 1;
    return this.fail(value, name, `an array of distinct library names (${LUA_LIBRARIES.join(', ')})`);
  }

  callbackNames(value: unknown, name: string): number {
    if (isDistinctStrings(value, isLuaName)) return 1;
    return this.fail(
      value,
      name,
      'an array of distinct Lua names (letters, digits and underscores, not starting with a digit, not a keyword)',
    );
  }

  /**
   * A field holding one value. Outgoing, `undefined` stands for nil; `path` names the value in a
   * ConversionError, as the in-process engine names it (a global's name, a callback's `result`).
   */
  value(value: unknown, name: string, path = name): number {
    if (!this.encoding) return this.present(value, name);
    const prepared = value === undefined ? null : prepareValue(value, 1, path);
    if (prepared !== value) (this.replaced ??= {})[name] = prepared;
    return 1;
  }

  /** A field holding an array of values. */
  values(value: unknown, name: string): number {
    if (!Array.isArray(value)) return this.fail(value, name, 'an array of values');
    if (this.encoding) {
      const prepared = prepareValues(value, name);
      if (prepared !== value) (this.replaced ??= {})[name] = prepared;
    }
    return 1;
  }

  /** A record inside the message, such as `init.options`. */
  nested(value: unknown, name: string, rules: MessageRules): number {
    if (typeof value !== 'object' || value === null || !isPlainPrototype(value)) return this.fail(value, name, 'a map with string keys');
    const record = value as Record<string, unknown>;
    this.record = name;
    const present = rules.check(record, this);
    if (this.encoding) {
      // Keys left undefined are dropped and unknown keys reported when the copy is built.
      if (countKeys(record) !== present) this.rebuild = true;
    } else if (this.recordEntries !== undefined && this.recordEntries !== present) {
      throwExtraKeys(record, rules.fields, this.where, false);
    }
    this.record = undefined;
    return 1;
  }

  private present(value: unknown, name: string): number {
    if (value !== undefined) return 1;
    throw new ProtocolError(`${this.where} lacks the field "${name}"`);
  }

  private fail(value: unknown, name: string, expected: string): never {
    if (value === undefined) throw new ProtocolError(`${this.where} lacks the field "${name}"`);
    throw new ProtocolError(`${this.where}: "${name}" must be ${expected}, got ${describe(value)}`);
  }
}

function isDistinctStrings(value: unknown, test: (item: string) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== 'string' || !test(item)) return false;
  return new Set(value).size === value.length;
}

function isPlainPrototype(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Counts enumerable keys, inherited ones too: any extra key only sends the encoder down its careful path. */
export function countKeys(object: object): number {
  let keys = 0;
  for (const _ in object) keys++;
  return keys;
}

/**
 * Names the first key of `object` that is not a field, or else reports a repeated field
 * (the only other way for a wire map to hold more entries than fields).
 */
export function throwExtraKeys(object: Record<string, unknown>, fields: readonly string[], where: string, hasType: boolean): never {
  for (const key of Object.keys(object)) {
    if (!(hasType && key === 'type') && !fields.includes(key)) throw new ProtocolError(`${where} has an unknown field ${quote(key)}`);
  }
  throw new ProtocolError(`${where} repeats a field`);
}

export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** Names what a value is without echoing it whole (it may be large, or a script's text). */
export function describe(value: unknown): string {
  if (value === null) return 'nil';
  if (value instanceof Uint8Array) return `a bin of ${value.length} bytes`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Map) return 'a map with keys that are not all strings';
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'string':
      return quote(value);
    case 'object':
      return 'a map';
    default:
      return `a ${typeof value}`;
  }
}
