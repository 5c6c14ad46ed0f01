// `luaward run`, as users run it: the built CLI in a child process. Each failure mode exits
// non-zero with exactly one readable line on stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/cli/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function luaward(args: readonly string[], options: { input?: string; cwd?: string } = {}): CliRun {
  if (!existsSync(CLI)) throw new Error(`the CLI is not built (${CLI}): run pnpm build first`);
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? FIXTURES,
    input: options.input ?? '',
    encoding: 'utf8',
    // A watchdog for a hung CLI, not a timing assertion.
    timeout: 50_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Exit status 1 (or 2) and exactly this one line on stderr. */
function expectFailure(run: CliRun, status: number, line: string | RegExp): void {
  expect(run.status, run.stderr).toBe(status);
  expect(run.stderr.endsWith('\n')).toBe(true);
  const lines = run.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  if (typeof line === 'string') expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
}

describe('luaward run', () => {
  it('prints what the script prints, then what it returns, and exits 0', () => {
    const run = luaward(['run', 'greet.lua']);
    expect(run).toEqual({
      status: 0,
      stdout: 'Hello from a script\nsecond line\ndone\t42\t{"list": [1, 2, 3], "name": "greet"}\n',
      stderr: '',
    });
  });

  it('runs the README demo script from the repository root', () => {
    const run = luaward(['run', 'examples/hello.lua'], { cwd: REPO_ROOT });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'Hello from Lua, running in an isolated worker process!\nsquares: 1, 4, 9, 16, 25\n' +
        '{"fib20": 6765, "greeting": "Hello, Lua 5.4", "squares": [1, 4, 9, 16, 25]}\n',
    );
  });

  it('prints nothing more when the script returns nothing', () => {
    expect(luaward(['run', 'no-result.lua'])).toEqual({ status: 0, stdout: 'only output\n', stderr: '' });
  });

  it('shows every kind of returned value readably', () => {
    const run = luaward(['run', 'values.lua']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('nil\ttrue\ttrue\t9223372036854775807\t0.5\tinf\t"bytes\\xff"\t{[2]: "b"}\t{}\n');
  });

  it('reads the script from stdin with -', () => {
    expect(luaward(['run', '-'], { input: 'return 6 * 7' })).toEqual({ status: 0, stdout: '42\n', stderr: '' });
    expectFailure(luaward(['run', '-'], { input: 'local x = 1\nerror("from stdin")' }), 1, 'luaward: stdin:2: from stdin');
  });

  it('fails a runtime error with file:line: message', () => {
    expectFailure(
      luaward(['run', 'runtime-error.lua']),
      1,
      "luaward: runtime-error.lua:3: attempt to perform arithmetic on a nil value (field 'missing')",
    );
  });

  it('skips a #! line without moving line numbers', () => {
    expectFailure(luaward(['run', 'shebang-error.lua']), 1, "luaward: shebang-error.lua:3: attempt to index a nil value (local 'x')");
  });

  it('fails a syntax error with file:line: message', () => {
    expectFailure(luaward(['run', 'syntax-error.lua']), 1, "luaward: syntax-error.lua:4: unexpected symbol near 'end'");
  });

  it('describes an error value that is not a string', () => {
    expectFailure(luaward(['run', 'error-table.lua']), 1, /^luaward: error-table\.lua(:1)?: \(error object is a table value\)$/);
  });

  it('fails a result that cannot be shown with a conversion error', () => {
    expectFailure(luaward(['run', 'cyclic-result.lua']), 1, /^luaward: cyclic-result\.lua: a value could not be converted: .*cycl/);
  });

  it('applies --memory, in binary units', () => {
    expectFailure(luaward(['run', 'memory-bomb.lua', '--memory', '1MB']), 1, 'luaward: memory-bomb.lua: memory limit of 1 MB exceeded');
    expectFailure(luaward(['run', 'memory-bomb.lua', '--memory', '2048KiB']), 1, 'luaward: memory-bomb.lua: memory limit of 2 MB exceeded');
  });

  it('applies --instructions', () => {
    expectFailure(
      luaward(['run', 'endless-loop.lua', '--instructions', '1000']),
      1,
      'luaward: endless-loop.lua: instruction limit of 1000 instructions exceeded',
    );
  });

  it('reads --instructions in exponent form, a fraction included when the number is whole', () => {
    expectFailure(
      luaward(['run', 'endless-loop.lua', '--instructions', '1.5e4']),
      1,
      'luaward: endless-loop.lua: instruction limit of 15000 instructions exceeded',
    );
    expectFailure(
      luaward(['run', 'endless-loop.lua', '--instructions', '1e4']),
      1,
      'luaward: endless-loop.lua: instruction limit of 10000 instructions exceeded',
    );
    expect(luaward(['run', 'greet.lua', '--instructions', '1.5e6']).status).toBe(0);
  });

  it('applies --timeout, killing a long C call no hook can stop', () => {
    expectFailure(
      luaward(['run', 'catastrophic-pattern.lua', '--timeout', '500ms']),
      1,
      'luaward: catastrophic-pattern.lua: time limit of 500 ms exceeded (the worker was killed)',
    );
  });

  it('stops a print flood at the output limit, having printed up to it', () => {
    const run = luaward(['run', 'print-flood.lua']);
    expectFailure(run, 1, 'luaward: print-flood.lua: output limit of 1 MB exceeded');
    expect(run.stdout).toBe(`${'z'.repeat(1023)}\n`.repeat(1024));
  });

  it('opens utf8 and coroutine only with --lib', () => {
    expectFailure(luaward(['run', 'libraries.lua']), 1, "luaward: libraries.lua:1: attempt to index a nil value (global 'coroutine')");
    expect(luaward(['run', 'libraries.lua', '--lib', 'utf8,coroutine'])).toEqual({ status: 0, stdout: 'Hi\n', stderr: '' });
    expect(luaward(['run', 'libraries.lua', '--lib', 'utf8', '--lib', 'coroutine'])).toEqual({ status: 0, stdout: 'Hi\n', stderr: '' });
  });

  it.each([
    [[], 'luaward: no command given (see luaward --help)'],
    [['start', 'x.lua'], "luaward: unknown command 'start' (see luaward --help)"],
    [['run'], 'luaward: run needs a script file, or - for stdin (see luaward --help)'],
    [['run', 'missing.lua'], 'luaward: cannot read missing.lua: no such file'],
    [['run', '.'], 'luaward: cannot read .: it is a directory'],
    [
      ['run', 'greet.lua', '--memory', 'lots'],
      "luaward: --memory must be a number with a unit (B, KB, MB, GB; 1 KB = 1024 B), got 'lots' (see luaward --help)",
    ],
    [
      ['run', 'greet.lua', '--timeout', '0s'],
      "luaward: --timeout must be a positive duration of at most 24 days, got '0s' (see luaward --help)",
    ],
    [['run', 'greet.lua', '--instructions', '1.5'], "luaward: --instructions must be a whole number, got '1.5' (see luaward --help)"],
    [['run', 'greet.lua', '--instructions', '1.25e1'], "luaward: --instructions must be a whole number, got '1.25e1' (see luaward --help)"],
    [['run', 'greet.lua', '--instructions', '0'], "luaward: --instructions must be at least 1, got '0' (see luaward --help)"],
    [
      ['run', 'greet.lua', '--instructions', 'lots'],
      "luaward: --instructions must be a positive whole number such as 1000000 or 1e6, got 'lots' (see luaward --help)",
    ],
    [['repl', '--instructions', '1e30'], "luaward: --instructions must be at most 9007199254740991, got '1e30' (see luaward --help)"],
    [['run', 'greet.lua', '--lib', 'os'], "luaward: --lib: unknown library 'os' (choose from utf8, coroutine) (see luaward --help)"],
    [['run', 'greet.lua', '--fast'], "luaward: unknown option '--fast' (see luaward --help)"],
  ])('exits 2 on the usage error %j', (args, line) => {
    const run = luaward(args);
    expectFailure(run, 2, line);
    expect(run.stdout).toBe('');
  });

  it('prints help and version', () => {
    const help = luaward(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: luaward run <file\.lua \| -> \[options\]\n/);
    expect(help.stdout).toMatch(/--memory <size>/);
    expect(luaward(['--version'])).toEqual({ status: 0, stdout: `luaward ${version}\n`, stderr: '' });
  });
});
