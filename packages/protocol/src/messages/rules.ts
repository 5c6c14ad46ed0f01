import { limitsIn } from '../limits/table.js';
import type { MessageRules } from './field-checker.js';

// The fields of every message, in canonical order, as docs/protocol.md lists them. Each check
// reads its fields as plain properties (fast, one object shape per type) and adds up how many
// are present. `type` is checked by the caller.

const rules = (fields: readonly string[], check: MessageRules['check'], records?: MessageRules['records']): MessageRules => ({
  fields,
  check,
  records,
});

const WORKER_INFO = rules(['name', 'version'], (m, c) => c.string(m.name, 'name') + c.string(m.version, 'version'));

// The limits of a Lua state come from limits/table.ts, in its order. They travel once per
// connection (`init`, `ready`), so a loop over the table costs nothing worth writing them out for.
const WIRE_LIMITS = limitsIn('wire');
const checkLimits: MessageRules['check'] = (m, c) => {
  let present = 0;
  for (const name of WIRE_LIMITS) present += c.stateLimit(m[name], name);
  return present;
};

const LIMITS = rules(WIRE_LIMITS, checkLimits);

/** `init.options`: the budgets, then the libraries and callbacks, then the other limits, then the frame length. */
const INIT_FIELDS = [...WIRE_LIMITS.slice(0, 3), 'libs', 'callbacks', ...WIRE_LIMITS.slice(3), 'maxFrameLength'];

const INIT_OPTIONS = rules(
  INIT_FIELDS,
  (m, c) =>
    checkLimits(m, c) +
    c.libraries(m.libs, 'libs') +
    c.callbackNames(m.callbacks, 'callbacks') +
    c.frameLength(m.maxFrameLength, 'maxFrameLength'),
);

/** Messages a worker sends. */
export const WORKER_MESSAGE_RULES: ReadonlyMap<string, MessageRules> = new Map([
  [
    'hello',
    rules(
      ['protocol', 'worker', 'engine', 'pid', 'maxFrameLength', 'capabilities'],
      (m, c) =>
        c.protocol(m.protocol, 'protocol') +
        c.nested(m.worker, 'worker', WORKER_INFO) +
        c.string(m.engine, 'engine') +
        c.integer(m.pid, 'pid', 0) +
        c.frameLength(m.maxFrameLength, 'maxFrameLength') +
        c.strings(m.capabilities, 'capabilities'),
      { worker: WORKER_INFO },
    ),
  ],
  ['ready', rules(['id', 'limits'], (m, c) => c.id(m.id, 'id') + c.nested(m.limits, 'limits', LIMITS), { limits: LIMITS })],
  ['result', rules(['id', 'values'], (m, c) => c.id(m.id, 'id') + c.values(m.values, 'values'))],
  [
    'stats',
    rules(
      ['id', 'memory', 'memoryPeak', 'instructions'],
      (m, c) =>
        c.id(m.id, 'id') +
        c.integer(m.memory, 'memory', 0) +
        c.optionalInteger(m.memoryPeak, 'memoryPeak', 0) +
        c.integer(m.instructions, 'instructions', 0),
    ),
  ],
  [
    'error',
    rules(
      ['id', 'code', 'message', 'traceback', 'chunkName', 'line', 'path', 'limit', 'callbackId'],
      (m, c) =>
        c.id(m.id, 'id') +
        c.errorCode(m.code, 'code') +
        c.string(m.message, 'message') +
        c.optionalString(m.traceback, 'traceback') +
        c.optionalString(m.chunkName, 'chunkName') +
        c.optionalInteger(m.line, 'line', 1) +
        c.optionalString(m.path, 'path') +
        c.optionalInteger(m.limit, 'limit', 0) +
        c.optionalId(m.callbackId, 'callbackId'),
    ),
  ],
  [
    'callback',
    rules(
      ['id', 'name', 'args', 'depth'],
      (m, c) => c.id(m.id, 'id') + c.name(m.name, 'name') + c.values(m.args, 'args') + c.integer(m.depth, 'depth', 1),
    ),
  ],
  ['print', rules(['data'], (m, c) => c.textOrBytes(m.data, 'data'))],
]);

/** Messages a host sends. */
export const HOST_MESSAGE_RULES: ReadonlyMap<string, MessageRules> = new Map([
  ['init', rules(['id', 'options'], (m, c) => c.id(m.id, 'id') + c.nested(m.options, 'options', INIT_OPTIONS), { options: INIT_OPTIONS })],
  [
    'execute',
    rules(
      ['id', 'code', 'chunkName', 'instructionLimit'],
      (m, c) =>
        c.id(m.id, 'id') +
        c.textOrBytes(m.code, 'code') +
        c.string(m.chunkName, 'chunkName') +
        c.optionalLimit(m.instructionLimit, 'instructionLimit', 1),
    ),
  ],
  [
    'call',
    rules(
      ['id', 'name', 'args', 'instructionLimit'],
      (m, c) =>
        c.id(m.id, 'id') + c.name(m.name, 'name') + c.values(m.args, 'args') + c.optionalLimit(m.instructionLimit, 'instructionLimit', 1),
    ),
  ],
  ['exists', rules(['id', 'name'], (m, c) => c.id(m.id, 'id') + c.name(m.name, 'name'))],
  ['getGlobal', rules(['id', 'name'], (m, c) => c.id(m.id, 'id') + c.name(m.name, 'name'))],
  [
    'setGlobal',
    rules(['id', 'name', 'value'], (m, c) => c.id(m.id, 'id') + c.name(m.name, 'name') + c.value(m.value, 'value', String(m.name))),
  ],
  ['stats', rules(['id'], (m, c) => c.id(m.id, 'id'))],
  ['callbackResult', rules(['id', 'value'], (m, c) => c.id(m.id, 'id') + c.value(m.value, 'value', 'result'))],
  ['callbackError', rules(['id', 'message'], (m, c) => c.id(m.id, 'id') + c.string(m.message, 'message'))],
  ['interrupt', rules(['id'], (m, c) => c.id(m.id, 'id'))],
  ['shutdown', rules([], () => 0)],
]);
