// Creating and closing VMs one after another leaks nothing: no child process (not even a
// zombie) and no file descriptor stays behind.
import { describe, expect, it } from 'vitest';

import { IsolatedLuaVM } from '../src/index.js';

import { childPids, openFdCount, processExists } from './support.js';

const ROUNDS = 1000;

describe('1,000 sequential VMs on the native worker', () => {
  it('leave no process and no file descriptor behind', { timeout: 600_000 }, async () => {
    // One VM first, so that whatever is opened once per process (modules, the event loop's
    // own descriptors) is counted before the baseline.
    await (await IsolatedLuaVM.create()).close();
    const fds = openFdCount();
    const children = childPids();
    for (let round = 0; round < ROUNDS; round += 1) {
      const vm = await IsolatedLuaVM.create();
      expect(await vm.execute(`return ${round} + 1`)).toBe(round + 1);
      const { pid } = await vm.stats();
      await vm.close();
      // close() resolves once the worker is reaped.
      expect(processExists(pid!)).toBe(false);
    }
    expect(childPids()).toEqual(children);
    expect(openFdCount()).toBe(fds);
  });
});
