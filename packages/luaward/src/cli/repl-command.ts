import { createInterface, type Interface } from 'node:readline';

import type { LuaValue } from '@luaward/engine';
import { AbortError, TimeoutError, WorkerCrashedError } from '@luaward/protocol';

import { IsolatedLuaVM } from '../isolated-vm.js';

import type { VMFlags } from './arguments.js';
import { describeError } from './describe-error.js';
import { packageVersion } from './help.js';
import { HISTORY_SIZE, HISTORY_VARIABLE, HistoryFile, historyPath } from './history.js';
import { evaluate, renderShown } from './repl-evaluate.js';
import { STDIN_CHUNK_NAME } from './run-command.js';

const PROMPT = '> ';
const CONTINUATION_PROMPT = '>> ';

/**
 * How long a line interrupted with Ctrl-C may take to stop before the REPL ends its worker.
 * An interrupt stops Lua code at once, but not a long call into C (`string.find` with a
 * catastrophic pattern): that runs on until it returns. Twice the second a supervisor usually
 * grants before it kills a worker that ignores an abort, so that if the host escalates an
 * abort itself, its escalation comes first.
 */
export const STOP_GRACE_MS = 2000;

/** The REPL's commands: a line that is exactly one of them, at the `>` prompt. */
const COMMANDS = {
  '.help': 'show this help',
  '.exit': 'leave the REPL',
} as const;

function helpText(history: HistoryFile | undefined, interactive: boolean): string {
  let saved = `saved in ${history?.path}`;
  if (!interactive) saved = 'kept only at a terminal';
  else if (history === undefined) saved = `not saved (${HISTORY_VARIABLE} is empty)`;
  return [
    'Type Lua: an expression shows its values, a statement runs; a statement that is not',
    'finished continues on the next line (prompt >>). Globals last until you leave.',
    '',
    'Commands (at the > prompt):',
    ...Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(10)}${text}`),
    '',
    'Keys:',
    '  Ctrl-C    stop the running line; at the prompt, drop what is typed;',
    '            twice at an empty prompt, leave',
    '  Ctrl-D    leave (at an empty prompt)',
    `  Up, Down  earlier lines; the history is ${saved}`,
    '  Ctrl-A, Ctrl-E  start, end of the line;  Ctrl-U, Ctrl-K  delete before, after the cursor',
    '  Ctrl-W    delete the word before the cursor;  Ctrl-L  clear the screen',
  ].join('\n');
}

/** An error after which the worker may have been killed and replaced (its Lua state then is gone). */
function mayHaveKilledWorker(error: unknown): boolean {
  return TimeoutError.isInstance(error) || WorkerCrashedError.isInstance(error) || AbortError.isInstance(error);
}

/**
 * Ends the line being typed where it is, leaving its text on the screen, and empties readline's
 * buffer: what Node's own REPL does on Ctrl-C (the Interface's `clearLine`, which readline also
 * runs on Enter). Where a Node.js lacks that method, the documented key strokes Ctrl-E and
 * Ctrl-U erase the line instead.
 */
function discardLine(lines: Interface): void {
  const editor = lines as Interface & { clearLine?: () => void };
  if (typeof editor.clearLine === 'function') {
    editor.clearLine();
    return;
  }
  lines.write(null, { ctrl: true, name: 'e' });
  lines.write(null, { ctrl: true, name: 'u' });
  process.stdout.write('\n');
}

/** One VM of the REPL and the pid of its worker, to notice a restart. */
interface Session {
  vm: IsolatedLuaVM;
  pid: number | undefined;
}

/** Starts a VM for the REPL; restarts itself after a timeout or a crash. Rejects when it cannot start. */
async function startSession(flags: VMFlags): Promise<Session> {
  const vm = new IsolatedLuaVM({ ...flags, autoRestart: true, onPrint: (text) => process.stdout.write(`${text}\n`) });
  try {
    return { vm, pid: (await vm.stats()).pid };
  } catch (error) {
    await vm.close();
    throw error;
  }
}

/** A line being evaluated: the controller its Ctrl-C aborts, and the timer that then ends its worker. */
interface Running {
  readonly controller: AbortController;
  grace?: NodeJS.Timeout;
}

/** The read-eval-print loop. */
class Repl {
  readonly #flags: VMFlags;
  readonly #lines: Interface;
  readonly #interactive: boolean;
  readonly #history: HistoryFile | undefined;
  #session: Session;
  #pending: string[] = [];
  #running: Running | undefined;
  /** From a line's Enter until its outcome is shown (a restart included): Ctrl-C then does not touch the prompt. */
  #busy = false;
  /** The VM that replaces one whose worker Ctrl-C had to end. */
  #replacement: Promise<Session> | undefined;
  #exitRequested = false;
  /** Whether the session ended in the middle of a prompt line (Ctrl-D, Ctrl-C), which then needs its newline. */
  #endedAtPrompt = true;

  constructor(session: Session, flags: VMFlags, interactive: boolean) {
    this.#session = session;
    this.#flags = flags;
    this.#interactive = interactive;
    const path = interactive ? historyPath() : undefined;
    this.#history = path === undefined ? undefined : new HistoryFile(path, (message) => process.stderr.write(`luaward: ${message}\n`));
    this.#lines = createInterface({
      input: process.stdin,
      ...(interactive && { output: process.stdout }),
      terminal: interactive,
      prompt: PROMPT,
      historySize: HISTORY_SIZE,
      history: this.#history?.load() ?? [],
    });
    this.#lines.on('SIGINT', this.#onInterrupt);
    const history = this.#history;
    // readline reports the new history before it ends the line on the screen: saving (and a
    // warning that it failed) waits until the line is ended.
    if (history !== undefined) this.#lines.on('history', (lines) => queueMicrotask(() => history.save([...lines])));
  }

  /**
   * Reads and evaluates lines until the input ends or `.exit`; resolves to the exit status. Call
   * it right after the constructor: readline's iterator sees only the lines (and the end of
   * input) that come after it is created, so nothing may be awaited in between.
   */
  async run(): Promise<number> {
    if (this.#interactive) {
      process.stdout.write(`LuaWard ${packageVersion()}: Lua 5.4 in an isolated worker. Type .help for help, .exit or Ctrl-D to leave.\n`);
      this.#lines.prompt();
    }
    for await (const line of this.#lines) {
      this.#exitRequested = false;
      if (this.#pending.length === 0) {
        const command = line.trim();
        if (command === '.exit') {
          this.#endedAtPrompt = false;
          return 0;
        }
        if (command === '.help') process.stdout.write(`${helpText(this.#history, this.#interactive)}\n`);
        if (command === '.help' || command === '') {
          this.#prompt(PROMPT);
          continue;
        }
      }
      this.#pending.push(line);
      const outcome = await this.#evaluate(this.#pending.join('\n'));
      if (outcome === 'failed') return 1;
      if (outcome !== 'incomplete') this.#pending = [];
      this.#prompt(outcome === 'incomplete' ? CONTINUATION_PROMPT : PROMPT);
    }
    return 0;
  }

  close(): void {
    this.#lines.close();
    if (this.#interactive && this.#endedAtPrompt) process.stdout.write('\n');
  }

  /** The VM in use now (a new one after Ctrl-C had to end the worker); close it when done. */
  get vm(): IsolatedLuaVM {
    return this.#session.vm;
  }

  #prompt(prompt: string): void {
    if (!this.#interactive) return;
    this.#lines.setPrompt(prompt);
    this.#lines.prompt();
  }

  /** Runs `source` and shows what came of it. 'failed' when no VM is left to go on with. */
  async #evaluate(source: string): Promise<'done' | 'incomplete' | 'failed'> {
    this.#busy = true;
    try {
      const running: Running = { controller: new AbortController() };
      this.#running = running;
      let outcome: LuaValue[] | 'incomplete' | { error: unknown };
      try {
        outcome = await evaluate(this.#session.vm, source, running.controller.signal);
      } catch (error) {
        outcome = { error };
      } finally {
        clearTimeout(running.grace);
        this.#running = undefined;
      }
      if (Array.isArray(outcome)) {
        const text = renderShown(outcome);
        if (text !== undefined) process.stdout.write(`${text}\n`);
      }
      // Ctrl-C ended the worker (its VM is closed), even if the line finished meanwhile.
      if (this.#replacement !== undefined) return await this.#replaced(!Array.isArray(outcome) && outcome !== 'incomplete');
      if (outcome === 'incomplete') return 'incomplete';
      if (!Array.isArray(outcome)) {
        process.stderr.write(`${describeError(outcome.error, STDIN_CHUNK_NAME)}\n`);
        if (mayHaveKilledWorker(outcome.error) && !(await this.#noticeRestart())) return 'failed';
      }
      return 'done';
    } finally {
      this.#busy = false;
    }
  }

  /** Waits for the VM that replaces the one whose worker was ended, and says so. */
  async #replaced(interrupted: boolean): Promise<'done' | 'failed'> {
    const replacement = this.#replacement as Promise<Session>;
    if (interrupted) process.stderr.write(`${STDIN_CHUNK_NAME}: interrupted (the line did not stop, so its worker was ended)\n`);
    try {
      this.#session = await replacement;
    } catch (error) {
      process.stderr.write(`luaward: the Lua VM could not be restarted: ${describeError(error)}\n`);
      return 'failed';
    } finally {
      this.#replacement = undefined;
    }
    process.stderr.write('(the worker was restarted: the Lua state was reset, globals defined before are gone)\n');
    return 'done';
  }

  /** Says so when the worker was replaced. Resolves to false when the VM could not be restarted. */
  async #noticeRestart(): Promise<boolean> {
    let pid: number | undefined;
    try {
      pid = (await this.#session.vm.stats()).pid;
    } catch (error) {
      process.stderr.write(`luaward: the Lua VM could not be restarted: ${describeError(error)}\n`);
      return false;
    }
    if (pid !== this.#session.pid)
      process.stderr.write('(the worker was restarted: the Lua state was reset, globals defined before are gone)\n');
    this.#session.pid = pid;
    return true;
  }

  /**
   * Ends the worker of a line that Ctrl-C did not stop: closes its VM (the line's request then
   * fails) and starts another. Only the REPL knows that nothing else uses the VM, so it may.
   */
  #endWorker(): void {
    if (this.#replacement !== undefined) return;
    const { vm } = this.#session;
    this.#replacement = vm.close().then(() => startSession(this.#flags));
  }

  // Ctrl-C stops the running line (its worker is ended if it does not stop in time, or at a
  // second Ctrl-C); at the prompt it drops what is typed; twice at an empty prompt, it leaves.
  readonly #onInterrupt = (): void => {
    const running = this.#running;
    if (running !== undefined) {
      if (running.controller.signal.aborted) {
        this.#endWorker();
      } else {
        running.controller.abort(new Error('interrupted by Ctrl-C'));
        running.grace = setTimeout(() => this.#endWorker(), STOP_GRACE_MS);
      }
      return;
    }
    if (this.#busy) return;
    const empty = this.#lines.line.length === 0 && this.#pending.length === 0;
    if (empty && this.#exitRequested) {
      this.#lines.close();
      return;
    }
    discardLine(this.#lines);
    this.#exitRequested = empty;
    if (empty) process.stdout.write('(To exit, press Ctrl-C again or Ctrl-D, or type .exit)\n');
    this.#pending = [];
    this.#prompt(PROMPT);
  };
}

/**
 * `luaward repl`: a prompt on one VM whose state lasts between lines. The VM restarts itself
 * after a timeout or a crash (the state is then reset, and the user is told). Without a
 * terminal (input piped in) it prints no prompt or banner and keeps no history: only results,
 * output and errors.
 */
export async function replCommand(flags: VMFlags): Promise<number> {
  let session: Session;
  try {
    session = await startSession(flags);
  } catch (error) {
    process.stderr.write(`luaward: could not start the Lua VM: ${describeError(error)}\n`);
    return 1;
  }
  const repl = new Repl(session, flags, Boolean(process.stdin.isTTY && process.stdout.isTTY));
  try {
    return await repl.run();
  } finally {
    repl.close();
    await repl.vm.close();
  }
}
