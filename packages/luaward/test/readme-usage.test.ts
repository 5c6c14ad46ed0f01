// The README's Usage section is what users copy: its examples run here as written.
import { readFileSync } from 'node:fs';

import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  AbortError,
  ClosedError,
  ConversionError,
  InstructionLimitError,
  IsolatedLuaVM,
  LuaRuntimeError,
  LuaSyntaxError,
  LuaWardError,
  MemoryLimitError,
  OutputLimitError,
  TimeoutError,
  WorkerCrashedError,
} from '../src/index.js';

import { gate } from './support.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const THIS_FILE = readFileSync(new URL(import.meta.url), 'utf8');

/** The lines between `// README: <name>` and `// README: end`, without their common indentation. */
function quoted(name: string): string {
  const lines = THIS_FILE.split('\n');
  const start = lines.findIndex((line) => line.trim() === `// README: ${name}`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === '// README: end');
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)![0].length));
  return body.map((line) => line.slice(indent)).join('\n');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('README usage', () => {
  it('quotes the README examples exactly', () => {
    expect(README).toContain(`\`\`\`ts\nimport { IsolatedLuaVM } from 'luaward';\n\n${quoted('usage')}\n\`\`\``);
    expect(README).toContain(quoted('await using'));
    expect(README).toContain(quoted('request options'));
  });

  it('runs the Usage example: print, a callback, call, functionExists, close', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // The example closes its VM; read `res` from it just before.
    const close = IsolatedLuaVM.prototype.close;
    let res: unknown;
    vi.spyOn(IsolatedLuaVM.prototype, 'close').mockImplementation(async function (this: IsolatedLuaVM) {
      res = await this.getGlobal('res');
      return close.call(this);
    });

    // README: usage
    // A VM with a 10 MB memory limit and one host callback.
    const vm = await IsolatedLuaVM.create({
      memoryLimit: 10 * 1024 * 1024,
      callbacks: { double_it: (x) => (x as number) * 2 },
    });
    try {
      await vm.execute('print("Hello from Lua!")'); // Lua's print reaches your stdout
      await vm.execute('res = double_it(21)'); // res is now 42 inside Lua

      await vm.execute('function greet(name) return "Hello, " .. name end');
      console.log(await vm.call('greet', 'Node User')); // Hello, Node User

      if (await vm.functionExists('suspicious_func')) {
        await vm.call('suspicious_func');
      } else {
        console.log('Function not found, skipping.');
      }
    } finally {
      await vm.close();
    }
    // README: end

    expect(stdout.mock.calls).toEqual([['Hello from Lua!\n']]);
    expect(log.mock.calls).toEqual([['Hello, Node User'], ['Function not found, skipping.']]);
    expect(res).toBe(42);
    expect(vm.closed).toBe(true);
    expect((await vm.stats().catch((error: unknown) => error)) as Error).toSatisfy(ClosedError.isInstance);
  });

  it('closes a VM declared with await using at the end of its block', async () => {
    let pid: number | undefined;
    let escaped: IsolatedLuaVM | undefined;
    {
      // biome-ignore format: quoted as the README's prose has it, without the semicolon
      // README: await using
      await using vm = await IsolatedLuaVM.create()
      // README: end
      pid = (await vm.stats()).pid;
      escaped = vm;
      expect(vm.closed).toBe(false);
    }
    expect(escaped.closed).toBe(true);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  describe('takes { timeout, instructionLimit, signal } on each request', () => {
    // One string.find call of about 10^12 steps: no instruction budget stops it (docs/limits.md),
    // only the wall-clock timeout does.
    const PAST_ANY_TIMEOUT = 'return string.find(string.rep("a", 300), ".-.-.-.-.-.-b")';
    // 10,000 loop iterations: tens of thousands of instructions, far below the VM's default budget.
    const TEN_THOUSAND_TURNS = 'local n = 0 for i = 1, 10000 do n = n + 1 end return n';

    /** The README's line, run as quoted on `untrustedSource`. */
    async function quotedRequest(vm: IsolatedLuaVM, untrustedSource: string): Promise<unknown> {
      const result =
        // README: request options
        await vm.execute(untrustedSource, { timeout: 2000, signal: AbortSignal.timeout(5000) });
      // README: end
      return result;
    }

    it('runs a script that ends in time', async () => {
      await using vm = await IsolatedLuaVM.create();
      expect(await quotedRequest(vm, 'return 6 * 7')).toBe(42);
    });

    it('timeout: a script still running after 2000 ms fails with TimeoutError, not the VM default of 30 s', async () => {
      await using vm = await IsolatedLuaVM.create({ autoRestart: true });
      const error = await quotedRequest(vm, PAST_ANY_TIMEOUT).catch((e: unknown) => e);
      expect(TimeoutError.isInstance(error), String(error)).toBe(true);
      expect((error as TimeoutError).timeout).toBe(2000);
      expect(await vm.execute('return "restarted"')).toBe('restarted');
    });

    it('signal: the request still queued after 5000 ms is aborted, without running', async () => {
      const release = gate();
      await using vm = await IsolatedLuaVM.create({ callbacks: { hold: () => release.promise } });
      const first = vm.execute('hold(); return "first"');
      // Its 2000 ms timeout counts only once it reaches the worker; the signal counts from now.
      const error = await quotedRequest(vm, 'ran = true').catch((e: unknown) => e);
      expect(AbortError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).cause).toMatchObject({ name: 'TimeoutError' });
      release.open();
      expect(await first).toBe('first');
      expect(await vm.getGlobal('ran')).toBeNull();
    });

    it("instructionLimit: the request's own budget, for that request only", async () => {
      await using vm = await IsolatedLuaVM.create();
      expect(await vm.execute(TEN_THOUSAND_TURNS)).toBe(10_000);
      await expect(vm.execute('while true do end', { instructionLimit: 1000 })).rejects.toSatisfy(InstructionLimitError.isInstance);
      const error = await vm.execute(TEN_THOUSAND_TURNS, { instructionLimit: 1000 }).catch((e: unknown) => e);
      expect(InstructionLimitError.isInstance(error), String(error)).toBe(true);
      expect(await vm.execute(TEN_THOUSAND_TURNS), 'the next request has the VM budget again').toBe(10_000);
    });
  });

  it('raises typed errors with the codes the README lists, recognised by isInstance', async () => {
    const classes = [
      [LuaSyntaxError, 'ERR_LUAWARD_SYNTAX'],
      [LuaRuntimeError, 'ERR_LUAWARD_RUNTIME'],
      [MemoryLimitError, 'ERR_LUAWARD_MEMORY_LIMIT'],
      [InstructionLimitError, 'ERR_LUAWARD_INSTRUCTION_LIMIT'],
      [OutputLimitError, 'ERR_LUAWARD_OUTPUT_LIMIT'],
      [TimeoutError, 'ERR_LUAWARD_TIMEOUT'],
      [WorkerCrashedError, 'ERR_LUAWARD_WORKER_CRASHED'],
      [ConversionError, 'ERR_LUAWARD_CONVERSION'],
      [ClosedError, 'ERR_LUAWARD_CLOSED'],
      [AbortError, 'ERR_LUAWARD_ABORTED'],
    ] as const;
    for (const [ErrorClass, code] of classes) {
      expect(README).toContain(ErrorClass.name);
      const error = new ErrorClass('x');
      expect(error.code).toBe(code);
      expect(LuaWardError.isInstance(error)).toBe(true);
    }
    expect(README).toContain('`LuaSyntaxError` (`ERR_LUAWARD_SYNTAX`)');

    await using vm = await IsolatedLuaVM.create();
    const syntax = await vm.execute('return +').catch((error: unknown) => error);
    expect(LuaSyntaxError.isInstance(syntax)).toBe(true);
    expect(LuaWardError.isInstance(syntax)).toBe(true);
    expect((syntax as LuaSyntaxError).code).toBe('ERR_LUAWARD_SYNTAX');
    const runtime = await vm.execute('local t = nil; return t.x').catch((error: unknown) => error);
    expect(LuaRuntimeError.isInstance(runtime)).toBe(true);
    expect((runtime as LuaRuntimeError).traceback).toMatch(/stack traceback/);
  });
});
