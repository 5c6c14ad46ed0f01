import { fileURLToPath } from 'node:url';
import { NATIVE_WORKER_PATH, NODE_WORKER_PATH } from '@luaward/engine/workers';
import { ChildProcessLauncher, type SupervisorInitOptions, type WorkerLauncher } from '../../src/index.js';
import { SocketAttachedLauncher } from './socket-attached-launcher.js';

/** A scripted worker that misbehaves on request (see the file). */
export const fakeWorkerScript = fileURLToPath(new URL('../fixtures/fake-worker.mjs', import.meta.url));

export interface WorkerKind {
  name: string;
  command: string;
  args: string[];
}

export const NODE_WORKER: WorkerKind = { name: 'node worker', command: process.execPath, args: [NODE_WORKER_PATH] };
export const NATIVE_WORKER: WorkerKind = { name: 'native worker', command: NATIVE_WORKER_PATH, args: [] };

/** Every real worker the suite runs over. */
export const WORKER_KINDS: WorkerKind[] = [NODE_WORKER, NATIVE_WORKER];

export function fakeWorker(scenario: string): WorkerKind {
  return { name: `fake worker (${scenario})`, command: process.execPath, args: [fakeWorkerScript, scenario] };
}

export interface TransportKind {
  name: string;
  launcher(worker: WorkerKind): WorkerLauncher;
}

/** Every channel the suite runs over: the child's stdio pipes, and a Unix socket the worker attaches to. */
export const TRANSPORT_KINDS: TransportKind[] = [
  { name: 'stdio pipes', launcher: (worker) => new ChildProcessLauncher({ command: worker.command, args: worker.args }) },
  { name: 'unix socket', launcher: (worker) => new SocketAttachedLauncher(worker.command, worker.args) },
];

/** Every worker kind over every transport, for describe.each. */
export const MATRIX = WORKER_KINDS.flatMap((worker) =>
  TRANSPORT_KINDS.map((transport) => ({ worker, transport, label: `${worker.name} over ${transport.name}` })),
);

export const INIT: SupervisorInitOptions = {
  memoryLimit: 32 * 1024 * 1024,
  instructionLimit: 50_000_000,
  outputLimit: 64 * 1024,
  libs: ['base', 'string', 'table', 'math'],
  maxValueDepth: 32,
  maxValueSize: 100_000,
  maxCallbackDepth: 8,
};
