import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Supervisor } from '../src/index.js';
import { childPids, isGone, openFds } from './helpers/lifecycle.js';
import { INIT, MATRIX } from './helpers/workers.js';

const SUPERVISORS = 200;

function processListenerCount(): number {
  return process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0);
}

describe.each(MATRIX)('$label', ({ worker, transport }) => {
  it(`starts and closes ${SUPERVISORS} supervisors in a row without leaking a process, a descriptor or a listener`, {
    timeout: 300_000,
  }, async () => {
    const signal = new AbortController().signal;
    const pids: number[] = [];
    const fds = openFds();
    const listeners = processListenerCount();
    const children = childPids();
    for (let i = 0; i < SUPERVISORS; i++) {
      const supervisor = await Supervisor.start({ launcher: transport.launcher(worker), init: INIT });
      pids.push(supervisor.pid!);
      await expect(supervisor.execute(`return ${i}`, { signal })).resolves.toEqual([i]);
      await supervisor.close();
    }
    expect(pids.filter((pid) => !isGone(pid))).toEqual([]);
    expect(childPids()).toEqual(children);
    expect(openFds()).toBe(fds);
    expect(processListenerCount()).toBe(listeners);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
