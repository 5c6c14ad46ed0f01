import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_ID } from '../constants.js';
import { ProtocolError } from '../errors/errors.js';
import type { CallbackMessage, ReplyMessage } from '../messages/types.js';
import type { LuaWireValue } from '../values/wire-value.js';
import { firstFreeId, RequestTracker } from './request-tracker.js';

const limits = { memoryLimit: null, instructionLimit: null, outputLimit: null, maxValueDepth: 8, maxValueSize: null, maxCallbackDepth: 2 };

function ready(): RequestTracker<string> {
  const tracker = new RequestTracker<string>();
  const id = tracker.open('init', 'init');
  tracker.settle({ type: 'ready', id, limits });
  return tracker;
}

const result = (id: number, values: LuaWireValue[] = []): ReplyMessage => ({ type: 'result', id, values });
const callback = (id: number, depth: number): CallbackMessage => ({ type: 'callback', id, name: 'cb', args: [], depth });

function protocolError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(ProtocolError.isInstance(error), String(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a ProtocolError');
}

describe('RequestTracker', () => {
  it('numbers requests from 1 and returns the context with the reply', () => {
    const tracker = ready();
    const id = tracker.open('execute', 'first');
    expect(id).toBe(2);
    expect(tracker.has(id)).toBe(true);
    expect(tracker.settle(result(id, [1]))).toMatchObject({ id, type: 'execute', context: 'first' });
    expect(tracker.outstanding).toBe(0);
    expect(tracker.has(id)).toBe(false);
  });

  it('allows only init before ready, and init only once', () => {
    const tracker = new RequestTracker();
    expect(protocolError(() => tracker.open('execute', undefined))).toBe('cannot send "execute" before the worker is ready');
    const id = tracker.open('init', undefined);
    tracker.settle({ type: 'ready', id, limits });
    expect(protocolError(() => tracker.open('init', undefined))).toBe('"init" is sent once, first');
  });

  it('rejects a reply to an id that was never sent or is already answered', () => {
    const tracker = ready();
    expect(protocolError(() => tracker.settle(result(99)))).toBe('the worker sent "result" for request 99, which is not outstanding');
    const id = tracker.open('call', 'c');
    tracker.settle(result(id));
    expect(() => tracker.settle(result(id))).toThrow(ProtocolError);
  });

  it('rejects a reply of the wrong type for its request', () => {
    const tracker = ready();
    const stats = tracker.open('stats', 's');
    expect(protocolError(() => tracker.settle(result(stats)))).toBe('the worker answered "stats" request 2 with "result"');
    const tracker2 = ready();
    const call = tracker2.open('call', 'c');
    expect(() => tracker2.settle({ type: 'stats', id: call, memory: 1, instructions: 1 })).toThrow(
      /answered "call" request 2 with "stats"/,
    );
    const tracker3 = new RequestTracker();
    const init = tracker3.open('init', undefined);
    expect(() => tracker3.settle(result(init))).toThrow(/answered "init" request 1 with "result"/);
  });

  it('accepts an error reply to any request', () => {
    const tracker = ready();
    const id = tracker.open('stats', 's');
    expect(tracker.settle({ type: 'error', id, code: 'ERR_LUAWARD_RUNTIME', message: 'x' }).context).toBe('s');
  });

  it('checks the values of exists, getGlobal and setGlobal results', () => {
    const cases: [Parameters<RequestTracker['open']>[0], unknown[], boolean][] = [
      ['exists', [true], true],
      ['exists', [1], false],
      ['exists', [], false],
      ['getGlobal', [null], true],
      ['getGlobal', [], false],
      ['setGlobal', [], true],
      ['setGlobal', [null], false],
      ['execute', [1, 2, 3], true],
    ];
    for (const [type, values, ok] of cases) {
      const tracker = ready();
      const id = tracker.open(type, 'x');
      const settle = () => tracker.settle({ type: 'result', id, values: values as never[] });
      if (ok) expect(settle).not.toThrow();
      else expect(settle).toThrow(new RegExp(`the result of "${type}" request ${id} must hold`));
    }
  });

  it('follows nesting: requests inside callbacks, answered innermost first', () => {
    const tracker = ready();
    tracker.maxCallbackDepth = 2;
    const outer = tracker.open('call', 'outer');
    expect(tracker.canOpen).toBe(false);
    expect(protocolError(() => tracker.open('call', 'too early'))).toBe(
      `cannot send "call" now: request ${outer} is running and waits for no callback`,
    );

    expect(tracker.startCallback(callback(1, 1)).context).toBe('outer');
    expect(tracker.canOpen).toBe(true);
    const inner = tracker.open('call', 'inner');
    expect(tracker.startCallback(callback(2, 2)).context).toBe('inner');
    expect(tracker.callbackDepth).toBe(2);

    // Callback 1 waits behind request `inner` and callback 2.
    expect(tracker.canAnswer(1)).toBe(false);
    expect(protocolError(() => tracker.answerCallback(1))).toBe(
      'callback 1 cannot be answered before the requests nested inside it finish',
    );
    expect(protocolError(() => tracker.settle(result(outer)))).toBe(
      `the worker answered request ${outer} while callback 2 still waits for its reply`,
    );
    tracker.answerCallback(2);
    expect(protocolError(() => tracker.settle(result(outer)))).toBe(
      `the worker answered request ${outer} while request ${inner}, nested inside it, is still running`,
    );
    expect(tracker.settle(result(inner)).context).toBe('inner');
    tracker.answerCallback(1);
    expect(tracker.settle(result(outer)).context).toBe('outer');
    expect(tracker.outstanding).toBe(0);
  });

  it('rejects callbacks that do not fit the conversation', () => {
    const idle = ready();
    expect(protocolError(() => idle.startCallback(callback(1, 1)))).toBe('the worker sent callback 1 while no request runs');

    const tracker = ready();
    tracker.maxCallbackDepth = 1;
    tracker.open('call', 'c');
    expect(protocolError(() => tracker.startCallback(callback(1, 2)))).toBe('callback 1 claims depth 2; it is 1');
    tracker.startCallback(callback(1, 1));
    expect(protocolError(() => tracker.startCallback(callback(2, 2)))).toBe(
      'the worker sent callback 2 while callback 1 still waits for its reply',
    );
    tracker.open('call', 'nested');
    expect(protocolError(() => tracker.startCallback(callback(1, 2)))).toBe('the worker reused callback id 1 while it still waits');
    expect(protocolError(() => tracker.startCallback(callback(2, 2)))).toBe('callback 2 nests 2 deep, more than maxCallbackDepth (1)');
    expect(protocolError(() => tracker.answerCallback(7))).toBe('callback 7 is not waiting for a reply');
  });

  it('accepts a print only while a request runs Lua', () => {
    const tracker = ready();
    expect(protocolError(() => tracker.acceptPrint())).toBe('the worker printed while no request runs');
    tracker.open('execute', 'e');
    expect(tracker.acceptPrint().context).toBe('e');
    tracker.startCallback(callback(1, 1));
    expect(() => tracker.acceptPrint()).toThrow(ProtocolError);
  });

  it('numbers on after each answered request', () => {
    const tracker = ready();
    const ids = [1, 2, 3].map(() => {
      const id = tracker.open('stats', 'x');
      tracker.settle({ type: 'stats', id, memory: 0, instructions: 0 });
      return id;
    });
    expect(ids).toEqual([2, 3, 4]);
  });

  it('wraps ids after 2^32 - 1 to 1, skipping ids still outstanding', () => {
    expect(firstFreeId(MAX_REQUEST_ID, new Map())).toBe(MAX_REQUEST_ID);
    expect(firstFreeId(MAX_REQUEST_ID, new Map([[MAX_REQUEST_ID, 0]]))).toBe(1);
    expect(
      firstFreeId(
        MAX_REQUEST_ID - 1,
        new Map([
          [MAX_REQUEST_ID - 1, 0],
          [MAX_REQUEST_ID, 0],
          [1, 0],
        ]),
      ),
    ).toBe(2);
  });

  it('drains every outstanding request, innermost first, when the worker is gone', () => {
    const tracker = ready();
    tracker.open('call', 'outer');
    tracker.startCallback(callback(1, 1));
    tracker.open('getGlobal', 'inner');
    expect(tracker.drain().map((request) => request.context)).toEqual(['inner', 'outer']);
    expect(tracker.outstanding).toBe(0);
    expect(tracker.callbackDepth).toBe(0);
    expect(tracker.canOpen).toBe(true);
  });

  it('carries what the host attaches to each callback, so its stack is the one record of the nesting', () => {
    const tracker = new RequestTracker<string, string>();
    tracker.settle({ type: 'ready', id: tracker.open('init', 'init'), limits });
    expect(tracker.answerable).toBeUndefined();
    tracker.open('call', 'outer');
    expect(tracker.answerable).toBeUndefined();
    tracker.startCallback(callback(1, 1), 'first');
    expect(tracker.answerable).toMatchObject({ id: 1, context: 'first' });
    tracker.open('call', 'inner');
    expect(tracker.answerable).toBeUndefined();
    tracker.startCallback(callback(2, 2), 'second');
    expect(tracker.waitingCallbacks().map((waiting) => [waiting.context, waiting.request.context])).toEqual([
      ['first', 'outer'],
      ['second', 'inner'],
    ]);
    expect(tracker.answerCallback(2)).toMatchObject({ id: 2, context: 'second' });
    tracker.settle(result(tracker.acceptPrint().id));
    expect(tracker.answerable?.context).toBe('first');
    expect(tracker.waitingCallbacks().map((waiting) => waiting.context)).toEqual(['first']);
    tracker.drain();
    expect(tracker.waitingCallbacks()).toEqual([]);
    expect(tracker.answerable).toBeUndefined();
  });

  it('validates maxCallbackDepth', () => {
    expect(() => {
      new RequestTracker().maxCallbackDepth = -1;
    }).toThrow(RangeError);
  });
});
