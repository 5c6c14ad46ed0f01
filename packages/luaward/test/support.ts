// What the VM suites share: the worker kinds they run over, and views of this
// process's children and file descriptors for the leak checks.
import { readdirSync, readFileSync } from 'node:fs';

import type { WorkerKind } from '../src/index.js';

/** Every worker kind a VM can run on; suites that are cheap on both run over both. */
export const WORKER_KINDS: readonly WorkerKind[] = ['native', 'node'];

/** Pids of this process's children, zombies included (a zombie is a child until it is reaped). */
export function childPids(): number[] {
  const pids: number[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    const children = readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim();
    if (children !== '') pids.push(...children.split(/\s+/).map(Number));
  }
  return pids.sort((a, b) => a - b);
}

/** Open file descriptors of this process. */
export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** True while `pid` names a process (a zombie included). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** A promise and the function that resolves it, for a test to release a waiting callback. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
