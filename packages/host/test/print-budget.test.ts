import { ProtocolError, WorkerCrashedError, type CallMessage, type ExecuteMessage } from '@luaward/protocol';
import { describe, expect, it } from 'vitest';
import { Supervisor } from '../src/index.js';
import { PrintBudget } from '../src/print-budget.js';
import { answerEverything, memoryLauncher } from './helpers/memory-worker.js';
import { INIT } from './helpers/workers.js';

describe('PrintBudget', () => {
  it('lets a request print its output limit, each line counting its length and a newline', () => {
    const budget = new PrintBudget(20);
    budget.startTopLevel();
    budget.charge('123456789');
    budget.charge(new Uint8Array(9));
    expect(() => budget.charge('')).toThrow(
      new ProtocolError('the worker printed 21 bytes during one request, more than its outputLimit (20 bytes per request) allows'),
    );
  });

  it('adds the limit of every nested request to the tree, and starts afresh with the next top-level request', () => {
    const budget = new PrintBudget(10);
    budget.startTopLevel();
    budget.startNested();
    budget.charge('x'.repeat(19));
    expect(() => budget.charge('')).toThrow(/printed 21 bytes/);
    budget.startTopLevel();
    expect(() => budget.charge('x'.repeat(9))).not.toThrow();
  });
});

describe('print accounting over the in-memory transport', () => {
  it('holds a request and the requests nested in it to their output limits in total', async () => {
    const lines: (string | Uint8Array)[] = [];
    const launcher = memoryLauncher(async (worker) => {
      await worker.handshake();
      const outer = (await worker.receive()) as ExecuteMessage;
      worker.send({ type: 'callback', id: 1, name: 'cb', args: [], depth: 1 });
      const nested = (await worker.receive()) as CallMessage;
      for (let line = 0; line < 3; line++) worker.send({ type: 'print', data: '123456789' });
      worker.send({ type: 'result', id: nested.id, values: [] });
      await worker.receive(); // the callback's answer
      worker.send({ type: 'print', data: '123456789' });
      worker.send({ type: 'result', id: outer.id, values: [] });
      await worker.receive();
      for (let line = 0; line < 3; line++) worker.send({ type: 'print', data: '123456789' });
      await answerEverything(worker);
    });
    const supervisor: Supervisor = await Supervisor.start({
      launcher,
      init: { ...INIT, outputLimit: 20 },
      onPrint: (data) => lines.push(data),
      callbacks: { cb: () => supervisor.call('f', []).then(() => null) },
    });
    // 40 bytes for the two requests of the tree: four lines of ten.
    await expect(supervisor.execute('outer')).resolves.toEqual([]);
    expect(lines).toHaveLength(4);
    // The next request starts with its own 20 bytes: the third line is one too many.
    const error = await supervisor.execute('next').catch((caught: unknown) => caught);
    expect(WorkerCrashedError.isInstance(error)).toBe(true);
    expect(((error as WorkerCrashedError).cause as Error).message).toBe(
      'the worker printed 30 bytes during one request, more than its outputLimit (20 bytes per request) allows',
    );
    expect(lines).toHaveLength(6);
  });
});
