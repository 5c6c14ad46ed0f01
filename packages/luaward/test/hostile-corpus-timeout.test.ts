// The corpus scripts that no hook can stop (one long C call: catastrophic pattern matching and
// the like, marked `-- needs: isolated-vm`) end in TimeoutError: the worker is killed. With
// autoRestart the VM then works again; without, it is closed.
import { loadCorpus } from '@luaward/security-corpus';
import { describe, expect, it } from 'vitest';

import { ClosedError, IsolatedLuaVM, TimeoutError, type ExecuteOptions, type IsolatedLuaVMOptions } from '../src/index.js';

import { WORKER_KINDS } from './support.js';

const TIMEOUT_MS = 1000;
const cases = loadCorpus().filter((c) => c.needs === 'isolated-vm');

describe('the hostile corpus cases that need the isolated VM', () => {
  it('exist, and each expects a timeout', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) expect(c.expect, c.id).toMatchObject({ kind: 'error', code: 'ERR_LUAWARD_TIMEOUT' });
  });
});

describe.each(WORKER_KINDS)('on the %s worker', (worker) => {
  describe.each(cases)('$id', (c) => {
    const options = { ...(c.engineOptions as IsolatedLuaVMOptions), worker, timeout: TIMEOUT_MS };
    const execute = c.executeOptions as ExecuteOptions;

    async function expectTimeout(vm: IsolatedLuaVM): Promise<void> {
      const error = await vm.execute(c.source, execute).catch((e: unknown) => e);
      expect(TimeoutError.isInstance(error), String(error)).toBe(true);
      expect((error as TimeoutError).timeout).toBe(TIMEOUT_MS);
      if (c.expect.kind === 'error' && c.expect.message) expect((error as Error).message).toMatch(c.expect.message);
    }

    it('times out, and the restarted VM answers', async () => {
      await using vm = await IsolatedLuaVM.create({ ...options, autoRestart: true });
      await expectTimeout(vm);
      expect(await vm.execute('return 1 + 1')).toBe(2);
    });

    it('times out, and without autoRestart the VM is closed', async () => {
      await using vm = await IsolatedLuaVM.create(options);
      await expectTimeout(vm);
      expect(vm.closed).toBe(true);
      await expect(vm.execute('return 1 + 1')).rejects.toSatisfy(ClosedError.isInstance);
    });
  });
});
