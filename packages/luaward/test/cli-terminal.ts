// The built CLI at a real terminal, for the REPL tests: a pseudo-terminal made by Python's
// `pty` module (fixtures/cli/pty-proxy.py; python3 is on every machine tools/setup.sh set up),
// keys typed into it, and what the CLI writes replayed on a model of an 80-column screen, so
// that a test checks what the user would see rather than the escape sequences that drew it.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const PTY_PROXY = fileURLToPath(new URL('./fixtures/cli/pty-proxy.py', import.meta.url));

/** How long a wait for the screen may take before the test fails: a watchdog for a hung REPL, not a timing assertion. */
const WAIT_LIMIT_MS = 30_000;

export const KEYS = {
  enter: '\r',
  ctrlC: '\x03',
  ctrlD: '\x04',
  up: '\x1b[A',
} as const;

/**
 * The text a terminal of `width` columns shows after `output`: printable characters, CR, LF,
 * backspace, automatic wrapping at the last column, and the CSI sequences readline draws with
 * (cursor moves A B C D G H, erase J K); others are dropped. The screen grows downwards without
 * limit (nothing scrolls away), so every line ever shown stays.
 */
export class Screen {
  readonly #width: number;
  readonly #rows: string[][] = [[]];
  /** Rows that continue the row above them because text wrapped at the last column. */
  readonly #continued = new Set<number>();
  #row = 0;
  #column = 0;

  constructor(width = 80) {
    this.#width = width;
  }

  /**
   * The screen's lines as written: a line that wrapped at the last column is one line here.
   * Trailing spaces are removed, trailing empty lines dropped.
   */
  get lines(): string[] {
    const lines: string[] = [];
    this.#rows.forEach((cells, row) => {
      const text = cells.join('');
      if (this.#continued.has(row) && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    });
    for (let i = 0; i < lines.length; i++) lines[i] = (lines[i] as string).trimEnd();
    while (lines.length > 1 && lines.at(-1) === '') lines.pop();
    return lines;
  }

  /** The line the cursor is on, and the cursor's column. */
  get cursor(): { line: string; column: number } {
    return { line: (this.#rows[this.#row] ?? []).join('').trimEnd(), column: this.#column };
  }

  write(output: string): void {
    for (let i = 0; i < output.length; i++) {
      const char = output[i] as string;
      if (char === '\x1b') {
        i = this.#escape(output, i);
      } else if (char === '\r') {
        this.#column = 0;
      } else if (char === '\n') {
        this.#moveTo(this.#row + 1, this.#column);
      } else if (char === '\b') {
        this.#column = Math.max(0, this.#column - 1);
      } else if (char >= ' ') {
        if (this.#column >= this.#width) {
          this.#moveTo(this.#row + 1, 0);
          this.#continued.add(this.#row);
        }
        const cells = this.#line(this.#row);
        while (cells.length < this.#column) cells.push(' ');
        cells[this.#column] = char;
        this.#column += 1;
      }
    }
  }

  /** Handles the escape sequence at `start`; returns the index of its last character. */
  #escape(output: string, start: number): number {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a terminal escape starts with ESC
    const match = /^\x1b\[([?>]?)([0-9;]*)([A-Za-z@`])/.exec(output.slice(start, start + 32));
    if (!match) return start + 1;
    const [sequence, privateMarker, params, command] = match as unknown as [string, string, string, string];
    const end = start + sequence.length - 1;
    if (privateMarker !== '') return end;
    const numbers = params.split(';').map((text) => (text === '' ? undefined : Number(text)));
    const n = numbers[0] ?? 1;
    const cells = this.#line(this.#row);
    switch (command) {
      case 'A':
        this.#moveTo(Math.max(0, this.#row - n), this.#column);
        break;
      case 'B':
        this.#moveTo(this.#row + n, this.#column);
        break;
      case 'C':
        this.#column = Math.min(this.#width - 1, this.#column + n);
        break;
      case 'D':
        this.#column = Math.max(0, this.#column - n);
        break;
      case 'G':
        this.#column = Math.min(this.#width - 1, n - 1);
        break;
      case 'H': {
        const top = Math.max(0, this.#rows.length - 24);
        this.#moveTo(top + (numbers[0] ?? 1) - 1, (numbers[1] ?? 1) - 1);
        break;
      }
      case 'J':
        if ((numbers[0] ?? 0) === 0) {
          cells.length = Math.min(cells.length, this.#column);
          this.#rows.length = this.#row + 1;
          for (const row of this.#continued) if (row > this.#row) this.#continued.delete(row);
        }
        break;
      case 'K': {
        const mode = numbers[0] ?? 0;
        if (mode === 0) cells.length = Math.min(cells.length, this.#column);
        else if (mode === 1) cells.fill(' ', 0, Math.min(cells.length, this.#column + 1));
        else {
          cells.length = 0;
        }
        break;
      }
    }
    return end;
  }

  #moveTo(row: number, column: number): void {
    this.#row = row;
    this.#column = column;
    this.#line(row);
  }

  #line(row: number): string[] {
    while (this.#rows.length <= row) this.#rows.push([]);
    return this.#rows[row] as string[];
  }
}

let python: string | undefined;

/**
 * The Python interpreter the sessions run on, found once: python3 with its `pty` module. Its
 * own path, so that a launcher in front of it (pyenv's shims take a second) runs only here.
 */
function pythonWithPty(): string {
  if (python !== undefined) return python;
  const found = spawnSync('python3', ['-c', 'import fcntl, pty, sys, termios; print(sys.executable)'], { encoding: 'utf8' });
  if (found.status !== 0 || found.stdout.trim() === '') {
    throw new Error("the terminal tests need python3 with its 'pty' module (tools/setup.sh installs python3)");
  }
  python = found.stdout.trim();
  return python;
}

/** Throws unless this machine can run the terminal tests. */
export function checkPty(): void {
  pythonWithPty();
}

/** `luaward repl` (or another CLI command) at a terminal. */
export class TerminalSession {
  readonly screen = new Screen();
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcessWithoutNullStreams;
  #output = '';
  #closed = false;
  /** How much output there was when keys were last typed. */
  #outputWhenTyped = 0;
  #waiters: (() => void)[] = [];

  constructor(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
    if (!existsSync(CLI)) throw new Error(`the CLI is not built (${CLI}): run pnpm build first`);
    this.#child = spawn(pythonWithPty(), [PTY_PROXY, process.execPath, CLI, ...args], {
      env: { PATH: process.env.PATH, TERM: 'xterm', LANG: 'C.UTF-8', ...env },
    });
    this.#child.stdout.setEncoding('utf8');
    this.#child.stdout.on('data', (text: string) => {
      this.#output += text;
      this.screen.write(text);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (text: string) => {
      this.#output += `[proxy stderr: ${text}]`;
    });
    this.exited = new Promise((resolve) => {
      this.#child.on('close', (code) => {
        this.#closed = true;
        for (const wake of this.#waiters.splice(0)) wake();
        resolve(code);
      });
    });
  }

  /** Everything the CLI wrote, escape sequences included: for failure messages. */
  get output(): string {
    return this.#output;
  }

  /** Types `keys` (see {@link KEYS}). */
  type(keys: string): void {
    this.#outputWhenTyped = this.#output.length;
    this.#child.stdin.write(keys);
  }

  /** Resolves once `condition` holds of the screen; fails with the screen after {@link WAIT_LIMIT_MS}. */
  async waitFor(what: string, condition: (screen: Screen) => boolean): Promise<void> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (!condition(this.screen)) {
      if (this.#closed || Date.now() > deadline) {
        throw new Error(
          `waited for ${what}; the screen shows:\n${this.screen.lines.join('\n')}\n(raw output: ${JSON.stringify(this.#output)})`,
        );
      }
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, 200);
        this.#waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /**
   * Waits until the cursor sits on an empty prompt (`> `, or `>> ` for a continuation) on a line
   * begun after the keys typed last: the prompt that answers them, not the one they were typed
   * at (whose drawing may still be arriving, split across reads).
   */
  waitForPrompt(prompt = '> '): Promise<void> {
    const typed = this.#outputWhenTyped;
    return this.waitFor(`the prompt '${prompt}'`, (screen) => {
      const { line, column } = screen.cursor;
      return this.#output.includes('\n', typed) && line === prompt.trimEnd() && column === prompt.length;
    });
  }

  /** Waits until some line of the screen, from line `from` on, satisfies `match`. */
  waitForLine(match: string | RegExp, from = 0): Promise<void> {
    return this.waitFor(`a line ${String(match)}`, (screen) =>
      screen.lines.slice(from).some((line) => (typeof match === 'string' ? line === match : match.test(line))),
    );
  }

  /** Types `line` and Enter at the prompt, once the prompt shows. */
  async enter(line: string, prompt = '> '): Promise<void> {
    await this.waitForPrompt(prompt);
    this.type(`${line}${KEYS.enter}`);
  }

  /** Resolves to the exit status; kills the session if it does not end within {@link WAIT_LIMIT_MS}. */
  async exit(): Promise<number | null> {
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), WAIT_LIMIT_MS);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the session however it is (for `afterEach`): Ctrl-D, then a kill if it lingers. */
  async dispose(): Promise<void> {
    if (this.#closed) return;
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5000);
    this.#child.stdin.end();
    this.#child.kill('SIGTERM');
    await this.exited;
    clearTimeout(timer);
  }
}
