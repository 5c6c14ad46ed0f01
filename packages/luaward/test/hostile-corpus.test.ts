// The hostile corpus (@luaward/security-corpus) on the isolated VM: every script that a
// hook can stop runs in a fresh VM with its header's options and must end exactly as in the
// in-process engine, with the same lines printed, the same follow-up outcome, and a worker
// that is still alive and answers afterwards. A script that crashes Lua kills only the worker
// here, so it fails its case (WorkerCrashedError instead of the expected outcome) and nothing
// else. The scripts that only a timeout can stop run in hostile-corpus-timeout.test.ts.
import { ERROR_CLASSES, loadCorpus, type CorpusCase, type FollowUp, type Outcome } from '@luaward/security-corpus';
import { describe, expect, it } from 'vitest';

import { ClosedError, DEFAULT_VM_OPTIONS, IsolatedLuaVM, type ExecuteOptions, type IsolatedLuaVMOptions } from '../src/index.js';

import { WORKER_KINDS } from './support.js';

// A watchdog against a script that escaped every limit, not a speed check.
const TIMEOUT_MS = 30_000;

const cases = loadCorpus().filter((c) => c.needs === undefined);

type Settled = { kind: 'result'; value: unknown } | { kind: 'error'; code: string; message: string; typed: boolean };

async function settle(operation: () => Promise<unknown>): Promise<Settled> {
  try {
    return { kind: 'result', value: await operation() };
  } catch (error) {
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
    return {
      kind: 'error',
      code,
      message: error instanceof Error ? error.message : String(error),
      typed: ERROR_CLASSES.get(code)?.isInstance(error) === true,
    };
  }
}

function expectOutcome(actual: Settled, expected: Outcome, what: string): void {
  switch (expected.kind) {
    case 'result':
      expect(actual, what).toEqual({ kind: 'result', value: expected.value });
      break;
    case 'none':
      expect(actual, `${what} (completes with no value)`).toEqual({ kind: 'result', value: undefined });
      break;
    case 'error':
      expect(actual, what).toEqual({
        kind: 'error',
        code: expected.code,
        message: expected.message ? expect.stringMatching(expected.message) : expect.any(String),
        typed: true,
      });
      break;
  }
}

function runFollowUp(vm: IsolatedLuaVM, step: FollowUp): Promise<unknown> {
  if ('call' in step) return vm.call(step.call, ...(step.args as never[]));
  if ('functionExists' in step) return vm.functionExists(step.functionExists);
  return vm.close();
}

function closesVm(c: CorpusCase): boolean {
  return c.followUp !== undefined && 'close' in c.followUp.step;
}

describe('the hostile corpus on the isolated VM', () => {
  it('has the scripts a hook can stop, the crash cases among them', () => {
    expect(cases.length).toBeGreaterThan(40);
    expect(cases.some((c) => c.isolate)).toBe(true);
  });
});

describe.each(WORKER_KINDS)('on the %s worker', (worker) => {
  it.each(cases)('$id', async (c) => {
    const printed: string[] = [];
    const options: IsolatedLuaVMOptions = {
      ...(c.engineOptions as IsolatedLuaVMOptions),
      worker,
      timeout: TIMEOUT_MS,
      onPrint: (text) => printed.push(text),
    };
    const vm = await IsolatedLuaVM.create(options);
    try {
      expectOutcome(await settle(() => vm.execute(c.source, c.executeOptions as ExecuteOptions)), c.expect, 'execute');
      if (c.followUp) expectOutcome(await settle(() => runFollowUp(vm, c.followUp!.step)), c.followUp.expect, 'follow-up');
      if (c.output) expect(printed, 'lines onPrint received').toEqual(c.output);
      if (closesVm(c)) {
        await expect(vm.execute('return 1 + 1')).rejects.toSatisfy(ClosedError.isInstance);
        return;
      }
      expect(vm.closed, 'the worker is still alive').toBe(false);
      expect(await vm.execute('return 1 + 1'), 'the same VM still runs a request').toBe(2);
      const memoryLimit = (c.engineOptions.memoryLimit as number | undefined) ?? DEFAULT_VM_OPTIONS.memoryLimit;
      expect((await vm.stats()).memoryUsed, 'memory used after the case').toBeLessThanOrEqual(memoryLimit);
    } finally {
      await vm.close();
    }
  });
});
