// `luaward repl` driven over a pipe (no terminal: no prompt, no banner, no history): state kept
// between lines, values shown, statements continued over lines, commands, errors and timeouts
// survived. cli-repl-terminal.test.ts drives it at a terminal.
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
      stdout: '42\n22\nprinted\n1\ttwo\tnil\t{3}\n',
      stderr: '',
    });
  });

  it('continues a statement that is not finished on the next lines', () => {
    const run = repl(['function add(a,', '    b)', '  return a + b', 'end', 'add(40, 2)', 't = {', '  1, 2,', '}', '#t']);
    expect(run).toEqual({ status: 0, stdout: '42\n2\n', stderr: '' });
  });

  it('continues an expression that is not finished, such as a table over several lines', () => {
    const run = repl(['{', '  1, 2,', '  name = "x",', '}', 'math.max(1,', '  5)', '"done"']);
    expect(run).toEqual({ status: 0, stdout: '{1, 2, name = "x"}\n5\ndone\n', stderr: '' });
  });

  it('shows tables as Lua constructors: sequences, identifier keys, other keys in brackets', () => {
    const run = repl([
      '{1, "two", {3}}',
      '{name = "x", ["a b"] = 1, ["end"] = 2}',
      '{[2] = "b", [true] = 1, [1.5] = 2}',
      '{}',
      '{10, 20, x = 1}',
      '"\\1\\n", {"\\1\\n"}',
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      '{1, "two", {3}}\n' +
        '{["a b"] = 1, ["end"] = 2, name = "x"}\n' +
        '{[1.5] = 2, [2] = "b", [true] = 1}\n' +
        '{}\n' +
        '{10, 20, x = 1}\n' +
        '\x01\n\t{"\\x01\\n"}\n',
    );
  });

  it('shows functions, coroutines, cycles and objects with __tostring as tostring shows them, inside tables too', () => {
    const run = repl(
      [
        'f = function() end',
        'f',
        'f == f, tostring(f)',
        't = {f, name = "t", co = coroutine.create(f)}',
        't.self = t',
        't',
        '{[f] = 1}',
        'setmetatable({}, {__tostring = function() return "an object" end})',
        'return print',
        'local t = {print} return t, 1',
      ],
      ['--lib', 'coroutine'],
    );
    expect(run.stderr).toBe('');
    // The sandbox numbers a value when tostring first meets it, here in the order `next` visits
    // the table: which of the coroutine and the table is #2 varies with Lua's string hashing.
    expect(run.stdout).toMatch(
      new RegExp(
        '^function: #1\\n' +
          'true\\tfunction: #1\\n' +
          '\\{function: #1, co = thread: #[23], name = "t", self = table: #[23]\\}\\n' +
          '\\{\\[function: #1\\] = 1\\}\\n' +
          'an object\\n' +
          'function: #4\\n' +
          '\\{function: #4\\}\\t1\\n$',
      ),
    );
  });

  it('shows a table with __tostring inside another by its contents; a failing __tostring leaves the table', () => {
    const run = repl([
      'mt = {__tostring = function() return "an object" end}',
      '{setmetatable({a = 1}, mt)}',
      'setmetatable({b = 2}, {__tostring = function() error("no") end})',
    ]);
    expect(run).toEqual({ status: 0, stdout: '{{a = 1}}\n{b = 2}\n', stderr: '' });
  });

  it('shows a large table under a small instruction budget: showing values costs the line next to nothing', () => {
    const run = repl(['t = {} for i = 1, 5000 do t[i] = i end', 't', '#t'], ['--instructions', '30000']);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(0, 3)).toEqual(['{', '  1,', '  2,']);
    expect(run.stdout.endsWith('  5000\n}\n5000\n')).toBe(true);
  });

  it('leaves no trace a script can see of how it shows values', () => {
    const run = repl([
      'print',
      'n = 0 for k in next, _G do if type(k) ~= "string" or k:find("luaward", 1, true) then n = n + 1 end end',
      'n',
    ]);
    expect(run).toEqual({ status: 0, stdout: 'function: #1\n0\n', stderr: '' });
  });

  it('still runs lines after a script removed what showing functions needs', () => {
    const run = repl(['pcall = nil', 'x = 5', 'x', 'print']);
    expect(run).toEqual({
      status: 0,
      stdout: '5\n',
      stderr: 'stdin: a value could not be converted: cannot convert a function value at results[1]\n',
    });
  });

  it('calls a line once even when its values need the fallback', () => {
    const run = repl(['n = 0', 'function count() n = n + 1 return print, n end', 'count()', 'n']);
    expect(run).toEqual({ status: 0, stdout: 'function: #1\t1\n1\n', stderr: '' });
  });

  it('keeps Lua error messages and line numbers as Lua reports them', () => {
    const run = repl([
      'nosuch()',
      'nosuch.x -- a comment',
      '{',
      '  nosuch.y,',
      '}',
      'x = 1',
      'if x then',
      '  error("deep")',
      'end',
      'x = = 1',
      'return 1 +',
    ]);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "stdin:1: attempt to call a nil value (global 'nosuch')\n" +
        "stdin:1: attempt to index a nil value (global 'nosuch')\n" +
        // Lua itself puts the last item of a table constructor on the line of its `}`.
        "stdin:3: attempt to index a nil value (global 'nosuch')\n" +
        'stdin:2: deep\n' +
        "stdin:1: unexpected symbol near '='\n",
    );
  });

  it('runs .help and .exit; a line that only looks like a command, or one in a statement, is Lua', () => {
    const run = repl(['.5 + 1', '.help', 'x = [[', '.exit', ']]', 'x', '.exit', '"not reached"']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^1\.5\nType Lua: .*\nCommands \(at the > prompt\):\n {2}\.help +show this help\n {2}\.exit +leave the REPL\n.*\nKeys:\n/s,
    );
    // x is the text between [[ and ]]: ".exit" and its newline.
    expect(run.stdout).toMatch(/clear the screen\n\.exit\n\n$/);
  });

  it('reports an error on one line of stderr and carries on with its state', () => {
    const run = repl(['kept = "yes"', 'error("boom")', 'nosuch.field', 'kept', 'x = = 1']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('yes\n');
    expect(run.stderr).toBe(
      "stdin:1: boom\nstdin:1: attempt to index a nil value (global 'nosuch')\nstdin:1: unexpected symbol near '='\n",
    );
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
