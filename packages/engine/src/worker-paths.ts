// Where this package's two worker programs live once built. Both speak the
// wire protocol of @luaward/protocol on their stdin and stdout.
import { WORKER_BINARY_PATH } from './binaries.js';

export { NODE_WORKER_PATH } from './node-worker/path.js';

/**
 * Absolute path of the native worker executable (no JavaScript runtime inside;
 * confines itself with seccomp on Linux). Run it with an empty environment and
 * only its stdio pipes, for example through `@luaward/host`'s ChildProcessLauncher.
 */
export const NATIVE_WORKER_PATH: string = WORKER_BINARY_PATH;
