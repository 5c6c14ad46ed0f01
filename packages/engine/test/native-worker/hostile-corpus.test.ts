// The hostile-script corpus (@luaward/security-corpus) run through the confined worker, each case
// in a fresh process: every case ends in the outcome the corpus states, and the worker is never
// killed, by its seccomp filter or anything else. This is what shows that the filter's
// allow-list covers everything Lua, glibc and the worker do under attack.
import type { InitOptions, ReplyMessage } from '@luaward/protocol';
import { loadCorpus, type CorpusCase, type Outcome } from '@luaward/security-corpus';
import { describe, expect, it } from 'vitest';

import { ENGINE_DEFAULT_INIT_OPTIONS, WorkerProcess } from './worker-process.js';

// A watchdog, not a timing assertion: a case runs at most 100 million instructions, well under a
// second alone, but the machine is shared.
const HUNG_AFTER_MS = 120_000;

// Cases the worker protocol cannot express: one long C call that only a host timeout stops,
// and closing the engine (a host ends a worker with shutdown instead).
const runnable = loadCorpus().filter((c) => c.needs === undefined && !(c.followUp !== undefined && 'close' in c.followUp.step));

type Settled = { kind: 'result'; value: unknown } | { kind: 'error'; code: string; message: string };

function settle(reply: ReplyMessage, allResults: boolean): Settled {
  if (reply.type === 'error') return { kind: 'error', code: reply.code, message: reply.message };
  if (reply.type !== 'result') throw new Error(`unexpected reply ${reply.type}`);
  return { kind: 'result', value: allResults ? reply.values : reply.values[0] };
}

function expectOutcome(actual: Settled, expected: Outcome, what: string): void {
  switch (expected.kind) {
    case 'result':
      expect(actual, what).toEqual({ kind: 'result', value: expected.value });
      break;
    case 'none':
      expect(actual, what).toEqual({ kind: 'result', value: undefined });
      break;
    case 'error':
      expect(actual, what).toMatchObject({ kind: 'error', code: expected.code });
      if (expected.message) expect((actual as { message: string }).message, `${what}: message`).toMatch(expected.message);
      break;
  }
}

async function runCase(c: CorpusCase, worker: WorkerProcess): Promise<void> {
  // The corpus's expectations assume the engine's defaults (DEFAULT_ENGINE_OPTIONS).
  await worker.handshake({ ...ENGINE_DEFAULT_INIT_OPTIONS, ...(c.engineOptions as Partial<InitOptions>) });
  const {
    chunkName = 'script',
    instructionLimit,
    results,
  } = c.executeOptions as { chunkName?: string; instructionLimit?: number; results?: string };
  const reply = await worker.request({
    type: 'execute',
    id: 2,
    code: c.source,
    chunkName,
    ...(instructionLimit === undefined ? {} : { instructionLimit }),
  });
  expectOutcome(settle(reply, results === 'all'), c.expect, 'execute');
  if (c.followUp !== undefined) {
    const step = c.followUp.step;
    const followUp =
      'call' in step
        ? settle(await worker.request({ type: 'call', id: 3, name: step.call, args: step.args as never[] }), false)
        : settle(await worker.request({ type: 'exists', id: 3, name: (step as { functionExists: string }).functionExists }), false);
    expectOutcome(followUp, c.followUp.expect, `then ${JSON.stringify(step)}`);
  }
  if (c.output !== undefined) expect(worker.printed, 'printed lines, over all requests').toEqual(c.output);
  // The state still works, and the process ends as asked.
  expect(await worker.request({ type: 'execute', id: 4, code: 'return 1 + 1', chunkName: '=health' })).toEqual({
    type: 'result',
    id: 4,
    values: [2],
  });
  expect(await worker.shutdown()).toEqual({ code: 0, signal: null });
}

describe.runIf(process.platform === 'linux')('the hostile-script corpus in the confined worker', () => {
  it('has cases to run', () => {
    expect(runnable.length).toBeGreaterThan(60);
  });

  it.each(runnable.map((c) => [c.id, c] as const))('%s', { timeout: HUNG_AFTER_MS }, async (_id, c) => {
    const worker = new WorkerProcess();
    try {
      await runCase(c, worker);
    } finally {
      worker.kill();
      const exit = await worker.exited;
      // Whatever else failed, the worker was not killed by a signal of its own doing.
      expect(exit.signal === null || exit.signal === 'SIGKILL', `${exit.signal}: ${worker.stderr}`).toBe(true);
    }
  });
});
