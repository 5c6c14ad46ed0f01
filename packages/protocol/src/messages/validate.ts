import { ProtocolError } from '../errors/errors.js';
import { WireInteger } from '../values/wire-value.js';
import { countKeys, describe, quote, throwExtraKeys, type FieldChecker, type MessageRules } from './field-checker.js';

/** Entry counts the frame scan saw, which reveal keys that decoding merged (repeated keys). */
export interface WireEntryCounts {
  /** Entries of the message map. */
  readonly messageEntries: number;
  /** Maps directly inside the message map. */
  readonly nestedMaps: number;
  /** Entries of the first of those maps. */
  readonly firstNestedMapEntries: number;
}

/**
 * Checks a decoded body against the rules of the sending side and returns it as a message.
 * Value fields are not walked: the frame scan already guarantees they hold only wire values.
 *
 * @throws ProtocolError naming the message type and the field at fault.
 */
export function checkIncoming(
  body: unknown,
  rules: ReadonlyMap<string, MessageRules>,
  checker: FieldChecker,
  counts: WireEntryCounts,
): unknown {
  if (typeof body !== 'object' || body === null || body instanceof Map || Array.isArray(body)) {
    throw new ProtocolError(`a ${checker.sender} message must be a map with string keys`);
  }
  const message = body as Record<string, unknown>;
  const type = message.type;
  if (typeof type !== 'string') throw new ProtocolError(`a ${checker.sender} message must have a string field "type"`);
  const messageRules = rules.get(type);
  if (messageRules === undefined) throw new ProtocolError(`unknown ${checker.sender} message type ${quote(type)}`);
  checker.begin(type);
  // Messages with a record have no other map-valued field, so when the scan saw exactly one map
  // inside the message map, it was the record and its entry count applies.
  checker.recordEntries = counts.nestedMaps === 1 ? counts.firstNestedMapEntries : undefined;
  const present = 1 + messageRules.check(message, checker);
  if (present !== counts.messageEntries) throwExtraKeys(message, messageRules.fields, checker.where, true);
  return message;
}

/**
 * Checks an outgoing message and returns what msgpackr must pack. Usually that is the message
 * itself, untouched (its fields are written in the object's own key order). A copy with the
 * fields in canonical order is made only when something must change: a value that needs
 * wrapping for exact encoding, an integer field beyond 32 bits, an optional field present as
 * `undefined` (dropped: nil would mean something else), or a value field left `undefined`
 * (sent as nil).
 *
 * @throws ProtocolError for a message that breaks the protocol (unknown type, unknown, missing
 * or ill-typed field), ConversionError for a value that cannot be sent.
 */
export function buildOutgoing(message: unknown, rules: ReadonlyMap<string, MessageRules>, checker: FieldChecker): Record<string, unknown> {
  if (typeof message !== 'object' || message === null) throw new ProtocolError(`a ${checker.sender} message must be an object`);
  const source = message as Record<string, unknown>;
  const type = source.type;
  const messageRules = typeof type === 'string' ? rules.get(type) : undefined;
  if (messageRules === undefined) {
    throw new ProtocolError(`a ${checker.sender} cannot send a message of type ${typeof type === 'string' ? quote(type) : describe(type)}`);
  }
  checker.begin(type as string);
  const present = 1 + messageRules.check(source, checker);
  if (!checker.rebuild && checker.replaced === undefined && countKeys(source) === present) return source;
  return rebuild(source, messageRules, checker, true);
}

function rebuild(source: Record<string, unknown>, rules: MessageRules, checker: FieldChecker, isMessage: boolean): Record<string, unknown> {
  for (const key in source) {
    if (Object.hasOwn(source, key) && !(isMessage && key === 'type') && !rules.fields.includes(key)) {
      throw new ProtocolError(`${checker.where} has an unknown field ${quote(key)}`);
    }
  }
  const out: Record<string, unknown> = isMessage ? { type: source.type } : {};
  const replaced = isMessage ? checker.replaced : undefined;
  for (const name of rules.fields) {
    let value = replaced !== undefined && name in replaced ? replaced[name] : source[name];
    if (value === undefined) continue;
    const record = rules.records?.[name];
    if (record !== undefined) {
      checker.record = name;
      value = rebuild(value as Record<string, unknown>, record, checker, false);
      checker.record = undefined;
    } else if (Number.isSafeInteger(value) && (value as number) >>> 0 !== value && (value as number) >> 0 !== value) {
      // An integer field beyond 32 bits, which msgpackr would write as a float. (Numbers in
      // value fields never get here: the value walk already wrapped those that need it.)
      value = new WireInteger(BigInt(value as number));
    }
    out[name] = value;
  }
  return out;
}
