import { readdirSync, readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { Supervisor, type SupervisorOptions } from '../../src/index.js';

/** True once no process has this pid (it exited and was reaped). */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Descriptors this process has open. */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/**
 * Descriptors above 2 of process `pid` (default this one) without close-on-exec: those a child
 * it spawns inherits, whatever the spawn asks.
 */
export function inheritableFds(pid: number | 'self' = 'self'): number[] {
  const fds: number[] = [];
  for (const name of readdirSync(`/proc/${pid}/fd`)) {
    const fd = Number(name);
    if (fd <= 2) continue;
    let info: string;
    try {
      info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
    } catch {
      continue; // the descriptor that listed the directory, closed since
    }
    const flags = Number.parseInt(/^flags:\s*([0-7]+)$/m.exec(info)![1]!, 8);
    if ((flags & 0o2000000) === 0) fds.push(fd);
  }
  return fds.sort((a, b) => a - b);
}

/** Pids of this process's children, alive or zombie. */
export function childPids(): number[] {
  const pids: number[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    const children = readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim();
    if (children.length > 0) pids.push(...children.split(' ').map(Number));
  }
  return pids;
}

/**
 * Starts supervisors that are closed after each test, so a failing test leaves no worker behind.
 */
export function supervisorsClosedAfterEach(): (options: SupervisorOptions) => Promise<Supervisor> {
  const started: Supervisor[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((supervisor) => supervisor.close()));
  });
  return async (options) => {
    const supervisor = await Supervisor.start(options);
    started.push(supervisor);
    return supervisor;
  };
}

/** A promise and its resolve function. */
export function signalled<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}
