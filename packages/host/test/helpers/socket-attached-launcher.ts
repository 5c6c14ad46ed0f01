import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnixSocketLauncher, type LaunchOptions, type WorkerExit, type WorkerLauncher, type WorkerProcess } from '../../src/index.js';

/**
 * Starts a worker whose standard input and output are one end of a Unix socket connection, and
 * attaches to it with UnixSocketLauncher: the protocol runs over the socket, not over pipes.
 * Since this launcher starts the process itself, it adds real process control (pid, signals,
 * exit status) to what UnixSocketLauncher gives.
 */
export class SocketAttachedLauncher implements WorkerLauncher {
  constructor(
    private readonly command: string,
    private readonly args: readonly string[],
  ) {}

  async launch(options: LaunchOptions = {}): Promise<WorkerProcess> {
    // A private directory: nobody else can connect first.
    const dir = mkdtempSync(join(tmpdir(), 'luaward-host-test-'));
    const path = join(dir, 'worker.sock');
    const giveUp = new AbortController();
    const signal = options.signal === undefined ? giveUp.signal : AbortSignal.any([options.signal, giveUp.signal]);
    const attached = new UnixSocketLauncher({ path }).launch({ signal });
    let child: ChildProcess | undefined;
    try {
      child = await spawnOn(await connected(path), this.command, this.args);
      const started = child;
      const exited = new Promise<WorkerExit>((resolve) => started.once('exit', (exitCode, signal) => resolve({ exitCode, signal })));
      let gone = false;
      void exited.then(() => (gone = true));
      const worker = await attached;
      return {
        transport: worker.transport,
        pid: started.pid,
        kill(signal: NodeJS.Signals = 'SIGKILL') {
          if (!gone) started.kill(signal);
        },
        exited: Promise.all([exited, worker.exited]).then(([exit]) => exit),
      };
    } catch (error) {
      child?.kill('SIGKILL');
      giveUp.abort(error);
      await attached.catch(() => undefined);
      throw error;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function connected(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.pause();
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Spawns the worker with the socket as its descriptors 0 and 1, then drops this process's copy. */
async function spawnOn(socket: Socket, command: string, args: readonly string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: [socket, socket, 'ignore'], env: {}, cwd: '/' });
  socket.destroy();
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return child;
}
