export { Supervisor, type SupervisorOptions, type SupervisorState, type WorkerStats } from './supervisor.js';
export {
  DEFAULT_SUPERVISOR_OPTIONS,
  DEFAULT_CHUNK_NAME,
  type ExecuteOptions,
  type HostCallback,
  type RequestOptions,
  type SupervisorInitOptions,
  type WorkerEvent,
} from './options.js';
export { currentRequest } from './callbacks.js';
export type { RequestContext } from './pending-request.js';
export type { LaunchOptions, WorkerExit, WorkerLauncher, WorkerProcess } from './launchers/worker-process.js';
export {
  ChildProcessLauncher,
  STDERR_CAPTURE_BYTES,
  type ChildProcessLauncherOptions,
  type StderrMode,
} from './launchers/child-process.js';
export { UnixSocketLauncher, DEFAULT_CONNECT_TIMEOUT, type UnixSocketLauncherOptions } from './launchers/unix-socket.js';
