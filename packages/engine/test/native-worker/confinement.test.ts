// The worker's confinement as seen from outside, through /proc: what a compromised worker
// would be left with once it has said `ready`.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';

import { describe, expect, it } from 'vitest';

import { TEST_INIT_OPTIONS, withWorker } from './worker-process.js';

const MiB = 1024 * 1024;

/** The fields of /proc/<task>/status, where `task` is a pid or `<pid>/task/<tid>`. */
function status(task: number | string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of readFileSync(`/proc/${task}/status`, 'utf8').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

/** The soft limits of /proc/<pid>/limits, by name ("Max open files": "0"). */
function limits(pid: number): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').slice(1)) {
    const match = /^(Max [a-z ]+?)\s{2,}(\S+)/.exec(line);
    if (match) rows.set(match[1]!, match[2]!);
  }
  return rows;
}

describe.runIf(process.platform === 'linux')('confinement', () => {
  it('runs under a seccomp filter with no new privileges once ready', () =>
    withWorker(async (worker) => {
      expect(await worker.next()).toMatchObject({ type: 'hello' });
      // Before init nothing is confined yet: the Lua state does not exist.
      expect(status(worker.pid).get('Seccomp')).toBe('0');
      worker.send({ type: 'init', id: 1, options: TEST_INIT_OPTIONS });
      expect(await worker.next()).toMatchObject({ type: 'ready' });
      const fields = status(worker.pid);
      expect(fields.get('Seccomp')).toBe('2');
      expect(fields.get('Seccomp_filters')).toBe('1');
      expect(fields.get('NoNewPrivs')).toBe('1');
    }));

  it.runIf(process.getuid?.() === 0)('started by root, runs as the unprivileged user and group with no capability', () =>
    withWorker(async (worker) => {
      // From its first frame on, before any script can run.
      expect(await worker.next()).toMatchObject({ type: 'hello' });
      expect(status(worker.pid).get('Uid')).toBe('65534\t65534\t65534\t65534');
      worker.send({ type: 'init', id: 1, options: TEST_INIT_OPTIONS });
      expect(await worker.next()).toMatchObject({ type: 'ready' });
      for (const task of readdirSync(`/proc/${worker.pid}/task`)) {
        const fields = status(`${worker.pid}/task/${task}`);
        expect(fields.get('Uid'), `thread ${task}`).toBe('65534\t65534\t65534\t65534');
        expect(fields.get('Gid'), `thread ${task}`).toBe('65534\t65534\t65534\t65534');
        expect(fields.get('Groups'), `thread ${task}`).toBe('');
        for (const set of ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb']) {
          expect(fields.get(set), `${set} of thread ${task}`).toBe('0000000000000000');
        }
      }
      // Its process-count limit now binds, and it still serves requests.
      expect(limits(worker.pid).get('Max processes')).toBe('0');
      worker.send({ type: 'execute', id: 2, code: 'return 6 * 7', chunkName: 'check' });
      expect(await worker.next()).toMatchObject({ type: 'result', id: 2 });
    }),
  );

  it('runs its input thread under the same filter', () =>
    withWorker(async (worker) => {
      await worker.handshake();
      // The main thread, which runs Lua, and the input thread, which reads frames.
      const tasks = readdirSync(`/proc/${worker.pid}/task`);
      expect(tasks).toHaveLength(2);
      for (const task of tasks) {
        const fields = status(`${worker.pid}/task/${task}`);
        expect(fields.get('Seccomp'), `thread ${task}`).toBe('2');
        expect(fields.get('NoNewPrivs'), `thread ${task}`).toBe('1');
      }
    }));

  it('keeps only stdin, stdout and stderr, whatever it inherited', () =>
    withWorker(
      async (worker) => {
        await worker.handshake();
        expect(readdirSync(`/proc/${worker.pid}/fd`).sort()).toEqual(['0', '1', '2']);
      },
      { extraPipes: 2 },
    ));

  it('has an empty environment and / as its working directory, wherever it was started', async () => {
    await withWorker(async (worker) => {
      await worker.handshake();
      expect(readFileSync(`/proc/${worker.pid}/environ`, 'utf8')).toBe('');
      expect(readlinkSync(`/proc/${worker.pid}/cwd`)).toBe('/');
    });
    await withWorker(
      async (worker) => {
        await worker.handshake();
        expect(readlinkSync(`/proc/${worker.pid}/cwd`)).toBe('/');
      },
      { cwd: tmpdir() },
    );
  });

  it('can open no descriptor, start no process and dump no core', () =>
    withWorker(async (worker) => {
      await worker.handshake();
      const rows = limits(worker.pid);
      expect(rows.get('Max open files')).toBe('0');
      expect(rows.get('Max processes')).toBe('0');
      expect(rows.get('Max core file size')).toBe('0');
    }));

  it('caps its address space above the memory limit, and not at all without one', async () => {
    await withWorker(async (worker) => {
      await worker.handshake({ memoryLimit: 32 * MiB, maxFrameLength: MiB });
      const cap = Number(limits(worker.pid).get('Max address space'));
      // 3 x memoryLimit + 4 x the larger frame limit (the worker's 64 MiB) + 256 MiB + what it maps.
      expect(cap).toBeGreaterThan((3 * 32 + 4 * 64 + 256) * MiB);
      expect(cap).toBeLessThan((3 * 32 + 4 * 64 + 256 + 256) * MiB);
    });
    await withWorker(async (worker) => {
      await worker.handshake({ memoryLimit: null });
      expect(limits(worker.pid).get('Max address space')).toBe('unlimited');
    });
  });

  it('is small once ready', () =>
    withWorker(async (worker) => {
      await worker.handshake();
      const rss = Number(/^(\d+) kB$/.exec(status(worker.pid).get('VmRSS')!)![1]) * 1024;
      expect(rss).toBeLessThan(16 * MiB);
    }));

  it('keeps running scripts that allocate and free a lot under the filter', () =>
    withWorker(async (worker) => {
      await worker.handshake({ memoryLimit: 256 * MiB, instructionLimit: null });
      const code = `
        local chunks = {}
        for round = 1, 4 do
          for i = 1, 64 do chunks[i] = string.rep(string.char(64 + round), 1 << 20) end
          for i = 1, 64 do chunks[i] = nil end
          collectgarbage()
        end
        local t = {}
        for i = 1, 1e6 do t[i] = i end
        return #t, collectgarbage("count") > 0`;
      expect(await worker.request({ type: 'execute', id: 2, code, chunkName: '=churn' })).toEqual({
        type: 'result',
        id: 2,
        values: [1e6, true],
      });
      expect(await worker.request({ type: 'execute', id: 3, code: 'return #string.rep("x", 1 << 30)', chunkName: '=huge' })).toMatchObject({
        code: 'ERR_LUAWARD_MEMORY_LIMIT',
      });
      expect(status(worker.pid).get('Seccomp')).toBe('2');
    }));
});
