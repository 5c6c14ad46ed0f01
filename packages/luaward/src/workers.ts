// Where the worker programs live, and how each kind is launched. Both ship in
// @luaward/engine: the native executable in its build output, the Node worker
// script in its compiled sources.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { ChildProcessLauncher, type WorkerLauncher } from '@luaward/host';

import type { WorkerKind } from './options.js';

const engineRoot = dirname(createRequire(import.meta.url).resolve('@luaward/engine/package.json'));

/** The native worker executable. */
export const NATIVE_WORKER_PATH = join(engineRoot, 'build', 'Release', 'luaward-worker');

/** The script of the Node worker, run by this process's own `node`. */
export const NODE_WORKER_PATH = join(engineRoot, 'dist', 'node-worker', 'main.js');

/**
 * A launcher for `kind`. The worker's stderr is captured (its last 4 KiB) so that a crash
 * message can say what the worker wrote before it died.
 */
export function launcherFor(kind: WorkerKind): WorkerLauncher {
  return kind === 'native'
    ? new ChildProcessLauncher({ command: NATIVE_WORKER_PATH, stderr: 'capture' })
    : new ChildProcessLauncher({ command: process.execPath, args: [NODE_WORKER_PATH], stderr: 'capture' });
}
