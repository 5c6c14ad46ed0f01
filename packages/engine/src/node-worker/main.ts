// The Node worker process: `node main.js` speaks the LuaWard protocol on descriptors 0 and 1
// around an in-process LuaEngine. Standard error carries diagnostics only.
import './stdout-guard.js';
import { createRequire } from 'node:module';
import { FdTransport, WorkerCodec } from '@luaward/protocol';
import { closeInheritedDescriptors } from './inherited-descriptors.js';
import { NodeWorker } from './node-worker.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

function exit(status: number, reason?: string): never {
  if (reason !== undefined) process.stderr.write(`luaward-node-worker: ${reason}\n`);
  process.exit(status);
}

closeInheritedDescriptors();
new NodeWorker({
  transport: new FdTransport({ readFd: 0, writeFd: 1 }),
  codec: new WorkerCodec(),
  name: 'luaward-node-worker',
  version,
  exit,
}).run();
