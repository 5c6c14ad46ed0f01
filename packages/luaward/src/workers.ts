// How each kind of worker is launched. Both programs ship in @luaward/engine;
// its `./workers` entry only names their paths, so the Lua runtime itself is
// never loaded into this process.
import { NATIVE_WORKER_PATH, NODE_WORKER_PATH } from '@luaward/engine/workers';
import { ChildProcessLauncher, type WorkerLauncher } from '@luaward/host';

import type { WorkerKind } from './options.js';

export { NATIVE_WORKER_PATH, NODE_WORKER_PATH };

/**
 * A launcher for `kind`. The worker's stderr is captured (its last 4 KiB) so that a crash
 * message can say what the worker wrote before it died.
 */
export function launcherFor(kind: WorkerKind): WorkerLauncher {
  return kind === 'native'
    ? new ChildProcessLauncher({ command: NATIVE_WORKER_PATH, stderr: 'capture' })
    : new ChildProcessLauncher({ command: process.execPath, args: [NODE_WORKER_PATH], stderr: 'capture' });
}
