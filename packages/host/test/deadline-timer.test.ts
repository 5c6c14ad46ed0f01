import { TimeoutError, type ExecuteMessage } from '@luaward/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineTimer } from '../src/deadline-timer.js';
import { Supervisor } from '../src/index.js';
import { answerEverything, memoryLauncher } from './helpers/memory-worker.js';
import { INIT } from './helpers/workers.js';

/** Timers that keep this process alive. */
function refTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('DeadlineTimer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells about the item whose deadline passed first, once', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const timer = new DeadlineTimer<string>(
      (item) => expired.push(item),
      () => Date.now(),
    );
    timer.add('late', 300);
    timer.add('early', 100);
    timer.add('never', Number.POSITIVE_INFINITY);
    expect(timer.size).toBe(2);
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['early']);
    // It watches on: the next item expires at its own deadline.
    vi.advanceTimersByTime(199);
    expect(expired).toEqual(['early']);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['early', 'late']);
    expect(timer.size).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(expired).toEqual(['early', 'late']);
  });

  it('never tells about an item deleted before its deadline, nor after clear', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const timer = new DeadlineTimer<string>(
      (item) => expired.push(item),
      () => Date.now(),
    );
    timer.add('answered', 100);
    timer.add('other', 200);
    timer.delete('answered');
    vi.advanceTimersByTime(150);
    expect(expired).toEqual([]);
    timer.clear();
    vi.advanceTimersByTime(60_000);
    expect(expired).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits the rest when the timer fires before the deadline by its clock', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    let lag = 0;
    const timer = new DeadlineTimer<string>(
      (item) => expired.push(item),
      () => Date.now() - lag,
    );
    timer.add('request', 100);
    lag = 5;
    vi.advanceTimersByTime(100);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(5);
    expect(expired).toEqual(['request']);
  });

  it('keeps the process alive only while it watches an item', () => {
    const before = refTimers();
    const timer = new DeadlineTimer<string>(() => undefined);
    timer.add('first', 60_000);
    expect(refTimers()).toBe(before + 1);
    timer.add('second', 120_000);
    expect(refTimers()).toBe(before + 1);
    timer.delete('first');
    timer.delete('second');
    // Still armed, but no longer holding the process.
    expect(refTimers()).toBe(before);
    timer.add('third', 120_000);
    expect(refTimers()).toBe(before + 1);
    timer.clear();
    expect(refTimers()).toBe(before);
  });
});

describe('request timeouts over the in-memory transport', () => {
  it('count from when a request is sent, not while it is queued', async () => {
    const launcher = memoryLauncher(async (worker) => {
      await worker.handshake();
      const slow = (await worker.receive()) as ExecuteMessage;
      await new Promise((resolve) => setTimeout(resolve, 150));
      worker.send({ type: 'result', id: slow.id, values: [slow.code] });
      const silent = await worker.receive();
      void silent; // never answered
      await answerEverything(worker);
    });
    const supervisor = await Supervisor.start({ launcher, init: INIT, timeout: 100 });
    const slow = supervisor.execute('slow', { timeout: 1_000 });
    // Queued for 150 ms behind `slow`, more than its own 100 ms: it is sent, then times out.
    const silent = supervisor.execute('silent');
    await expect(slow).resolves.toEqual(['slow']);
    const started = performance.now();
    const error = await silent.catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).timeout).toBe(100);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(launcher.workers[0]!.kills).toEqual(['SIGKILL']);
    await supervisor.close();
  });
});
