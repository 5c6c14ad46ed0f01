import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the Node worker script: run it as `node <path>` (for example with
 * `@luaward/host`'s ChildProcessLauncher, `command: process.execPath, args: [NODE_WORKER_PATH]`).
 */
export const NODE_WORKER_PATH: string = fileURLToPath(new URL('./main.js', import.meta.url));
