// `luaward repl` at a real terminal (a pseudo-terminal), as a user meets it: Ctrl-C on a line,
// on a running loop and on a long C call, Ctrl-C twice and Ctrl-D, the commands, the history
// kept across sessions, lines continued with `>>`, and values shown. Each check reads the
// screen as the user would see it (cli-terminal.ts replays the output on a screen model).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { STOP_GRACE_MS } from '../src/cli/repl-command.js';

import { KEYS, TerminalSession, checkPty } from './cli-terminal.js';

const RESTARTED = '(the worker was restarted: the Lua state was reset, globals defined before are gone)';

let home: string;
const sessions: TerminalSession[] = [];

/** `luaward repl` at a terminal, with HOME in a fresh directory and no history unless `env` names a file. */
function repl(args: readonly string[] = [], env: NodeJS.ProcessEnv = { LUAWARD_REPL_HISTORY: '' }): TerminalSession {
  const session = new TerminalSession(['repl', ...args], { HOME: home, ...env });
  sessions.push(session);
  return session;
}

/** The screen's lines from the one that is `first` on (the last such line), to the end. */
function linesFrom(session: TerminalSession, first: string): string[] {
  const lines = session.screen.lines;
  return lines.slice(lines.lastIndexOf(first));
}

beforeAll(() => checkPty());

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'luaward-repl-'));
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.dispose()));
  rmSync(home, { recursive: true, force: true });
});

describe('luaward repl at a terminal', () => {
  it('shows a banner that points to .help, and leaves with .exit (status 0)', async () => {
    const session = repl();
    await session.waitForPrompt();
    expect(session.screen.lines[0]).toMatch(
      /^LuaWard \S+: Lua 5\.4 in an isolated worker\. Type \.help for help, \.exit or Ctrl-D to leave\.$/,
    );
    await session.enter('.exit');
    expect(await session.exit()).toBe(0);
    expect(session.screen.lines.at(-1)).toBe('> .exit');
  });

  it('lists the commands and keys with .help, and carries on', async () => {
    const session = repl();
    await session.enter('.help');
    await session.waitForLine('Keys:');
    await session.enter('6 * 7');
    await session.waitForLine('42');
    const help = linesFrom(session, '> .help').join('\n');
    for (const text of ['.help', '.exit', 'Ctrl-C', 'Ctrl-D', 'Up, Down', 'the history is not saved (LUAWARD_REPL_HISTORY is empty)']) {
      expect(help).toContain(text);
    }
  });

  it('drops a half-typed line at Ctrl-C: the text stays above, a fresh prompt below, and the next line runs alone', async () => {
    const session = repl();
    await session.waitForPrompt();
    session.type('abc');
    await session.waitFor("'abc' typed", (screen) => screen.cursor.line === '> abc');
    session.type(KEYS.ctrlC);
    await session.waitForPrompt();
    expect(linesFrom(session, '> abc')).toEqual(['> abc', '>']);
    await session.enter('1 + 1');
    await session.waitForLine('2');
    await session.waitForPrompt();
    expect(linesFrom(session, '> abc')).toEqual(['> abc', '> 1 + 1', '2', '>']);
  });

  it('drops an unfinished statement at Ctrl-C, back at the > prompt', async () => {
    const session = repl();
    await session.enter('if true then');
    await session.waitForPrompt('>> ');
    session.type('print(');
    await session.waitFor("'print(' typed", (screen) => screen.cursor.line === '>> print(');
    session.type(KEYS.ctrlC);
    await session.enter('"after"');
    await session.waitForLine('after');
    await session.waitForPrompt();
    expect(linesFrom(session, '> if true then')).toEqual(['> if true then', '>> print(', '> "after"', 'after', '>']);
  });

  it('stops an endless loop at Ctrl-C; the Lua state survives', async () => {
    const session = repl();
    await session.enter('x = 7');
    await session.enter('print("looping") while true do end');
    await session.waitForLine('looping');
    session.type(KEYS.ctrlC);
    await session.waitForLine('stdin: interrupted');
    await session.enter('x');
    await session.waitForLine('7');
    await session.waitForPrompt();
    expect(linesFrom(session, '> print("looping") while true do end')).toEqual([
      '> print("looping") while true do end',
      'looping',
      'stdin: interrupted',
      '> x',
      '7',
      '>',
    ]);
  });

  /**
   * One C call that never ends: gsub calls `print` (C, so no Lua instruction runs) for its first
   * match, `<started>`, then backtracks catastrophically through the a's. Once `<started>`
   * shows, the line is inside the call for good: nothing the interrupt can stop.
   */
  const ENDLESS_C_CALL = 'string.gsub("<started>" .. string.rep("a", 1e6), ".-.-.-.->", print)';

  it('stops a long C call at Ctrl-C by ending its worker after a grace period; the REPL goes on with a fresh state', async () => {
    // The time limit (60 s here) has nothing to do with it.
    const session = repl(['--timeout', '60s']);
    await session.enter('x = 7');
    await session.enter(ENDLESS_C_CALL);
    await session.waitForLine('<started>');
    session.type(KEYS.ctrlC);
    await session.waitForLine(RESTARTED);
    await session.enter('x');
    await session.waitForLine('nil');
    await session.enter('1 + 1');
    await session.waitForLine('2');
    await session.waitForPrompt();
    // Ended by the REPL after its grace period; a host that ends such a worker itself, sooner,
    // leaves the plain "stdin: interrupted" (docs/cli.md).
    const lines = linesFrom(session, '<started>');
    expect(lines[1]).toMatch(/^stdin: interrupted( \(the line did not stop, so its worker was ended\))?$/);
    expect([lines[0], ...lines.slice(2)]).toEqual(['<started>', RESTARTED, '> x', 'nil', '> 1 + 1', '2', '>']);
  });

  it('ends the worker at once at a second Ctrl-C on a line that has not stopped', async () => {
    const session = repl(['--timeout', '60s']);
    await session.enter(ENDLESS_C_CALL);
    await session.waitForLine('<started>');
    session.type(KEYS.ctrlC);
    session.type(KEYS.ctrlC);
    const pressed = performance.now();
    await session.waitForLine('stdin: interrupted (the line did not stop, so its worker was ended)');
    // Not a speed check: it shows that the second Ctrl-C, not the grace period, ended the worker.
    expect(performance.now() - pressed).toBeLessThan(STOP_GRACE_MS);
    await session.waitForLine(RESTARTED);
    await session.enter('"still here"');
    await session.waitForLine('still here');
  });

  it('leaves at a second Ctrl-C on an empty prompt, having said how to leave at the first', async () => {
    const session = repl();
    await session.waitForPrompt();
    session.type(KEYS.ctrlC);
    await session.waitForLine('(To exit, press Ctrl-C again or Ctrl-D, or type .exit)');
    await session.waitForPrompt();
    session.type(KEYS.ctrlC);
    expect(await session.exit()).toBe(0);
  });

  it('does not leave at Ctrl-C twice when a line ran in between', async () => {
    const session = repl();
    await session.waitForPrompt();
    session.type(KEYS.ctrlC);
    await session.enter('"ran"');
    await session.waitForLine('ran');
    await session.waitForPrompt();
    session.type(KEYS.ctrlC);
    await session.waitForPrompt();
    await session.enter('"still here"');
    await session.waitForLine('still here');
  });

  it('leaves at Ctrl-D on an empty prompt (status 0)', async () => {
    const session = repl();
    await session.enter('x = 1');
    await session.waitForPrompt();
    session.type(KEYS.ctrlD);
    expect(await session.exit()).toBe(0);
  });

  it('continues a statement or a table that is not finished on the next lines, with the prompt >>', async () => {
    const session = repl();
    await session.enter('function add(a,');
    await session.enter('    b) return a + b', '>> ');
    await session.enter('end', '>> ');
    await session.enter('add(40, 2)');
    await session.waitForLine('42');
    await session.enter('{');
    await session.enter('  1, 2,', '>> ');
    await session.enter('}', '>> ');
    await session.waitForLine('{1, 2}');
    await session.waitForPrompt();
    expect(linesFrom(session, '> function add(a,')).toEqual([
      '> function add(a,',
      '>>     b) return a + b',
      '>> end',
      '> add(40, 2)',
      '42',
      '> {',
      '>>   1, 2,',
      '>> }',
      '{1, 2}',
      '>',
    ]);
  });

  it('shows tables as Lua constructors, and functions and cycles as tostring shows them', async () => {
    const session = repl();
    await session.enter('t = {1, "two", {name = "x"}, f = print}');
    await session.enter('t.self = t');
    await session.enter('t');
    await session.waitForLine(/^\{1, "two", \{name = "x"\}, f = function: #\d+, self = table: #\d+\}$/);
    await session.enter('print');
    await session.waitForLine(/^function: #\d+$/);
  });

  it('keeps the history in LUAWARD_REPL_HISTORY across sessions: the up arrow recalls earlier lines', async () => {
    const file = join(home, 'history');
    const first = repl([], { LUAWARD_REPL_HISTORY: file });
    await first.enter('x = 40 + 2');
    await first.enter('"second"');
    await first.waitForLine('second');
    await first.enter('.exit');
    expect(await first.exit()).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('x = 40 + 2\n"second"\n.exit\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = repl([], { LUAWARD_REPL_HISTORY: file });
    await second.waitForPrompt();
    second.type(KEYS.up);
    await second.waitFor('.exit recalled', (screen) => screen.cursor.line === '> .exit');
    second.type(KEYS.up);
    await second.waitFor('"second" recalled', (screen) => screen.cursor.line === '> "second"');
    second.type(KEYS.up);
    await second.waitFor('the first line recalled', (screen) => screen.cursor.line === '> x = 40 + 2');
    second.type(KEYS.enter);
    await second.enter('x');
    await second.waitForLine('42');
    await second.enter('.help');
    await second.waitForLine(`  Up, Down  earlier lines; the history is saved in ${file}`);
    expect(readFileSync(file, 'utf8')).toBe('x = 40 + 2\n"second"\n.exit\nx = 40 + 2\nx\n.help\n');
  });

  it('keeps at most 1000 lines of history, dropping the oldest', async () => {
    const file = join(home, 'history');
    writeFileSync(file, `${Array.from({ length: 1500 }, (_, i) => `old ${i}`).join('\n')}\n`);
    const session = repl([], { LUAWARD_REPL_HISTORY: file });
    await session.enter('"new"');
    await session.waitForLine('new');
    await session.enter('.exit');
    expect(await session.exit()).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
    expect(lines).toHaveLength(1000);
    expect(lines[0]).toBe('old 502');
    expect(lines.slice(-3)).toEqual(['old 1499', '"new"', '.exit']);
  });

  it('saves the history in ~/.luaward_repl_history by default, and nowhere when LUAWARD_REPL_HISTORY is empty', async () => {
    const none = repl([], { LUAWARD_REPL_HISTORY: '' });
    await none.enter('"not saved"');
    await none.enter('.exit');
    expect(await none.exit()).toBe(0);
    expect(existsSync(join(home, '.luaward_repl_history'))).toBe(false);

    const byDefault = repl([], {});
    await byDefault.enter('"saved"');
    await byDefault.enter('.exit');
    expect(await byDefault.exit()).toBe(0);
    expect(readFileSync(join(home, '.luaward_repl_history'), 'utf8')).toBe('"saved"\n.exit\n');
  });

  it('says once why it cannot save the history, and goes on', async () => {
    const file = join(home, 'no-such-directory', 'history');
    const session = repl([], { LUAWARD_REPL_HISTORY: file });
    await session.enter('1');
    await session.enter('2');
    await session.waitForLine('2');
    await session.waitForPrompt();
    const warnings = session.screen.lines.filter((line) => line.startsWith('luaward: cannot save the history'));
    expect(warnings).toEqual([`luaward: cannot save the history to ${file}: no such directory (this session's lines are not saved)`]);
  });
});
