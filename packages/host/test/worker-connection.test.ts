import {
  ClosedError,
  DEFAULT_MAX_FRAME_LENGTH,
  WorkerCrashedError,
  type CallMessage,
  type ExecuteMessage,
  type HostMessage,
} from '@luaward/protocol';
import { describe, expect, it } from 'vitest';
import { Supervisor } from '../src/index.js';
import { PendingRequest } from '../src/pending-request.js';
import type { ConnectionEvent } from '../src/types.js';
import { WorkerConnection, type ConnectionOptions } from '../src/worker-connection.js';
import { answerEverything, memoryLauncher, type ScriptedWorker } from './helpers/memory-worker.js';
import { INIT } from './helpers/workers.js';

function connect(play: (worker: ScriptedWorker) => Promise<void>): { connection: WorkerConnection; events: ConnectionEvent[] } {
  const options: ConnectionOptions = {
    launcher: memoryLauncher(play),
    init: INIT,
    callbacks: new Map(),
    onPrint: undefined,
    startupTimeout: 10_000,
    closeTimeout: 1_000,
    abortGracePeriod: 1_000,
    maxFrameLength: DEFAULT_MAX_FRAME_LENGTH,
  };
  const events: ConnectionEvent[] = [];
  return { connection: new WorkerConnection(options, {}, (event) => events.push(event)), events };
}

function execute(code: string, stopRunning: (request: PendingRequest) => void = () => undefined, signal?: AbortSignal): PendingRequest {
  return new PendingRequest(
    { type: 'execute', id: 0, code, chunkName: 'test' },
    { timeout: Number.POSITIVE_INFINITY, signal },
    (reply) => reply,
    stopRunning,
  );
}

describe('WorkerConnection over the in-memory transport', () => {
  it('reports through its one callback: idle after each top-level request, ended once at the death', async () => {
    let stop!: () => void;
    const { connection, events } = connect(async (worker) => {
      await worker.handshake();
      const request = (await worker.receive()) as ExecuteMessage;
      worker.send({ type: 'result', id: request.id, values: [request.code] });
      await new Promise<void>((resolve) => (stop = resolve));
      worker.exit({ exitCode: 3, signal: null });
    });
    await connection.start();
    expect(connection.idle).toBe(true);
    const request = execute('return 1');
    connection.run(request);
    expect(connection.idle).toBe(false);
    expect(() => connection.run(execute('too soon'))).toThrow(/only to an idle worker/);
    await expect(request.promise).resolves.toMatchObject({ type: 'result', values: ['return 1'] });
    expect(events).toEqual([{ type: 'idle' }]);
    stop();
    await connection.ended;
    expect(events).toHaveLength(2);
    const ended = events[1] as Extract<ConnectionEvent, { type: 'ended' }>;
    expect(ended.type).toBe('ended');
    expect(WorkerCrashedError.isInstance(ended.error)).toBe(true);
    expect(ended.error.message).toBe('the worker exited with code 3');
    expect(connection.alive).toBe(false);
    expect(connection.idle).toBe(false);
  });

  it('interrupts a running request its owner stops, when the worker announces interrupt', async () => {
    const received: HostMessage[] = [];
    const { connection } = connect(async (worker) => {
      await worker.handshake({ capabilities: ['interrupt'] });
      const request = (await worker.receive()) as ExecuteMessage;
      received.push((await worker.receive())!);
      worker.send({ type: 'error', id: request.id, code: 'ERR_LUAWARD_ABORTED', message: 'interrupted' });
      await answerEverything(worker);
    });
    await connection.start();
    const controller = new AbortController();
    const request = execute('forever', (running) => connection.abort(running), controller.signal);
    connection.run(request);
    controller.abort('enough');
    await expect(request.promise).rejects.toMatchObject({ name: 'AbortError', cause: 'enough' });
    expect(received).toEqual([{ type: 'interrupt', id: request.id }]);
    expect(connection.alive).toBe(true);
    await connection.shutdown(new ClosedError('done'));
  });
});

describe('nesting over the in-memory transport', () => {
  it('answers a callback only after the requests nested in it, innermost first', async () => {
    const received: HostMessage[] = [];
    const launcher = memoryLauncher(async (worker) => {
      await worker.handshake();
      const outer = (await worker.receive()) as ExecuteMessage;
      worker.send({ type: 'callback', id: 1, name: 'cb', args: [], depth: 1 });
      const first = (await worker.receive()) as CallMessage;
      received.push(first);
      worker.send({ type: 'callback', id: 2, name: 'cb', args: [], depth: 2 });
      const inner = (await worker.receive()) as CallMessage;
      received.push(inner);
      worker.send({ type: 'result', id: inner.id, values: [] });
      received.push((await worker.receive())!); // the answer to callback 2
      worker.send({ type: 'result', id: first.id, values: [] });
      received.push((await worker.receive())!); // the answer to callback 1
      worker.send({ type: 'result', id: outer.id, values: ['done'] });
      await answerEverything(worker);
    });
    let depth = 0;
    const supervisor: Supervisor = await Supervisor.start({
      launcher,
      init: INIT,
      // Each callback settles at once, but its answer waits for the request it started.
      callbacks: { cb: () => void supervisor.call(`nested${++depth}`, []) },
    });
    await expect(supervisor.execute('outer')).resolves.toEqual(['done']);
    expect(received.map((message) => [message.type, 'name' in message ? message.name : 'id' in message ? message.id : undefined])).toEqual([
      ['call', 'nested1'],
      ['call', 'nested2'],
      ['callbackResult', 2],
      ['callbackResult', 1],
    ]);
    await supervisor.close();
  });
});
