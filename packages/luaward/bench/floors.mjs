// What a VM call is compared with, from the bare minimum up:
// - the echo floor: the same `call` frames, encoded and decoded by the same codec, through the
//   same pipes to a child that only echoes them (`cat`): the least any design with the Lua
//   state in another process pays per request;
// - the bare worker: the native worker itself, driven frame by frame without the supervisor;
// - the supervisor: `@luaward/host` alone, without the `luaward` facade.
import { existsSync } from 'node:fs';

import { ChildProcessLauncher, Supervisor } from '@luaward/host';
import { HostCodec, WorkerCodec } from '@luaward/protocol';

import { DEFAULT_VM_OPTIONS } from '../dist/index.js';
import { NATIVE_WORKER_PATH } from '@luaward/engine/workers';

import { connect } from './frame-client.mjs';

const CAT = ['/usr/bin/cat', '/bin/cat'].find((path) => existsSync(path));
const ADD = 'function add(a, b) return a + b end';

/** The limits a VM with default options sends in `init`. */
const DEFAULT_INIT = {
  memoryLimit: DEFAULT_VM_OPTIONS.memoryLimit,
  instructionLimit: DEFAULT_VM_OPTIONS.instructionLimit,
  outputLimit: DEFAULT_VM_OPTIONS.outputLimit,
  libs: [...DEFAULT_VM_OPTIONS.libs],
  maxValueDepth: DEFAULT_VM_OPTIONS.maxValueDepth,
  maxValueSize: DEFAULT_VM_OPTIONS.maxValueSize,
  maxCallbackDepth: DEFAULT_VM_OPTIONS.maxCallbackDepth,
};

/** Request ids from 1, as a host numbers them. */
function ids() {
  let id = 0;
  return () => (id = (id % 0xffff_fffe) + 1);
}

export async function startEchoFloor() {
  if (CAT === undefined) throw new Error('the echo floor needs cat (/usr/bin/cat or /bin/cat)');
  const client = await connect(CAT, new WorkerCodec());
  const id = ids();
  return {
    call: () => client.exchange({ type: 'call', id: id(), name: 'add', args: [1, 2] }),
    close: () => client.close(),
  };
}

export async function startBareWorker() {
  const client = await connect(NATIVE_WORKER_PATH, new HostCodec());
  const id = ids();
  const expect = (message, type) => {
    if (message.type !== type) throw new Error(`the worker answered ${JSON.stringify(message)} where "${type}" was due`);
    return message;
  };
  expect(await client.next(), 'hello');
  const maxFrameLength = new HostCodec().maxFrameLength;
  expect(await client.exchange({ type: 'init', id: id(), options: { ...DEFAULT_INIT, callbacks: [], maxFrameLength } }), 'ready');
  expect(await client.exchange({ type: 'execute', id: id(), code: ADD, chunkName: 'bench' }), 'result');
  return {
    call: () => client.exchange({ type: 'call', id: id(), name: 'add', args: [1, 2] }),
    close: () => client.close(),
  };
}

export async function startSupervisor() {
  const supervisor = await Supervisor.start({ launcher: new ChildProcessLauncher({ command: NATIVE_WORKER_PATH }), init: DEFAULT_INIT });
  await supervisor.execute(ADD);
  return {
    call: () => supervisor.call('add', [1, 2]),
    close: () => supervisor.close(),
  };
}
