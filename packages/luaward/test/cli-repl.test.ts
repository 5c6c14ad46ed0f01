// `luaward repl` driven over a pipe (no terminal: no prompt, no banner): state kept between
// lines, expressions printed, statements continued over lines, errors and timeouts survived.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function repl(lines: readonly string[], flags: readonly string[] = []) {
  if (!existsSync(CLI)) throw new Error(`the CLI is not built (${CLI}): run pnpm build first`);
  const run = spawnSync(process.execPath, [CLI, 'repl', ...flags], {
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    // A watchdog for a hung REPL, not a timing assertion.
    timeout: 50_000,
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('luaward repl', () => {
  it('keeps state between lines and prints the value of expressions', () => {
    expect(repl(['x = 21', 'x * 2', 'return x + 1', 'print("printed")', '1, "two", nil, {3}'])).toEqual({
      status: 0,
      stdout: '42\n22\nprinted\n1\ttwo\tnil\t[3]\n',
      stderr: '',
    });
  });

  it('continues a statement that is not finished on the next lines', () => {
    const run = repl(['function add(a,', '    b)', '  return a + b', 'end', 'add(40, 2)', 't = {', '  1, 2,', '}', '#t']);
    expect(run).toEqual({ status: 0, stdout: '42\n2\n', stderr: '' });
  });

  it('reports an error on one line of stderr and carries on with its state', () => {
    const run = repl(['kept = "yes"', 'error("boom")', 'nosuch.field', 'kept', 'x = = 1']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('yes\n');
    expect(run.stderr).toBe("stdin:1: boom\nstdin:1: attempt to index a nil value (global 'nosuch')\nstdin:1: unexpected symbol near '='\n");
  });

  it('survives a timeout: the worker restarts, the state is reset, and the user is told', () => {
    const run = repl(['kept = "yes"', 'string.find(string.rep("a", 300), ".-.-.-.-.-.-b")', 'kept', '1 + 1'], ['--timeout', '1s']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('nil\n2\n');
    expect(run.stderr).toBe(
      'stdin: time limit of 1 s exceeded (the worker was killed)\n' +
        '(the worker was restarted: the Lua state was reset, globals defined before are gone)\n',
    );
  });

  it('applies the limit flags', () => {
    const run = repl(['while true do end', 'string.rep("x", 1 << 30)', '"still here"'], ['--instructions', '10000', '--memory', '4MB']);
    expect(run.stdout).toBe('still here\n');
    expect(run.stderr).toBe('stdin: instruction limit of 10000 instructions exceeded\nstdin: memory limit of 4 MB exceeded\n');
  });

  it('exits 0 at the end of its input, dropping an unfinished statement', () => {
    expect(repl(['x = 1', 'if x then'])).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});
