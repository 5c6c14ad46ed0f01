import { createInterface, type Interface } from 'node:readline';

import type { LuaValue } from '@luaward/engine';
import { AbortError, LuaSyntaxError, TimeoutError, WorkerCrashedError } from '@luaward/protocol';

import { IsolatedLuaVM } from '../isolated-vm.js';

import type { VMFlags } from './arguments.js';
import { describeError } from './describe-error.js';
import { packageVersion } from './help.js';
import { renderResults } from './render.js';
import { STDIN_CHUNK_NAME } from './run-command.js';

const PROMPT = '> ';
const CONTINUATION_PROMPT = '>> ';

/** Lua reports a statement cut short by the end of its input as a syntax error "... near <eof>". */
function isIncomplete(error: unknown): boolean {
  return LuaSyntaxError.isInstance(error) && error.message.endsWith('<eof>');
}

/** An error after which the worker may have been killed and replaced (its Lua state then is gone). */
function mayHaveKilledWorker(error: unknown): boolean {
  return TimeoutError.isInstance(error) || WorkerCrashedError.isInstance(error) || AbortError.isInstance(error);
}

function show(values: readonly LuaValue[]): void {
  if (values.length > 0) process.stdout.write(`${renderResults(values)}\n`);
}

/**
 * Runs what the user typed so far. As Lua's own REPL does, a single line is first tried as an
 * expression (`return <line>`), so that its value is printed; if that does not compile, the lines
 * are run as statements. Resolves to 'incomplete' when more lines are needed.
 */
async function evaluate(vm: IsolatedLuaVM, lines: readonly string[], signal: AbortSignal): Promise<'done' | 'incomplete'> {
  const source = lines.join('\n');
  const options = { chunkName: STDIN_CHUNK_NAME, results: 'all', signal } as const;
  if (lines.length === 1) {
    try {
      show(await vm.execute(`return ${source}`, options));
      return 'done';
    } catch (error) {
      if (!LuaSyntaxError.isInstance(error)) throw error;
    }
  }
  try {
    show(await vm.execute(source, options));
    return 'done';
  } catch (error) {
    if (isIncomplete(error)) return 'incomplete';
    throw error;
  }
}

/** The read-eval-print loop on one VM. */
class Repl {
  readonly #vm: IsolatedLuaVM;
  readonly #lines: Interface;
  readonly #interactive: boolean;
  #pid: number | undefined;
  #pending: string[] = [];
  #running: AbortController | undefined;
  #exitRequested = false;

  constructor(vm: IsolatedLuaVM, pid: number | undefined, interactive: boolean) {
    this.#vm = vm;
    this.#pid = pid;
    this.#interactive = interactive;
    this.#lines = createInterface({
      input: process.stdin,
      ...(interactive && { output: process.stdout }),
      terminal: interactive,
      prompt: PROMPT,
    });
    this.#lines.on('SIGINT', this.#onInterrupt);
  }

  /**
   * Reads and evaluates lines until the input ends; resolves to the exit status. Call it right
   * after the constructor: readline's iterator sees only the lines (and the end of input) that
   * come after it is created, so nothing may be awaited in between.
   */
  async run(): Promise<number> {
    if (this.#interactive) {
      process.stdout.write(`LuaWard ${packageVersion()}: Lua 5.4 in an isolated worker. Ctrl-D to exit.\n`);
      this.#lines.prompt();
    }
    for await (const line of this.#lines) {
      this.#exitRequested = false;
      this.#pending.push(line);
      const controller = new AbortController();
      this.#running = controller;
      let outcome: 'done' | 'incomplete' = 'done';
      try {
        outcome = await evaluate(this.#vm, this.#pending, controller.signal);
      } catch (error) {
        process.stderr.write(`${describeError(error, STDIN_CHUNK_NAME)}\n`);
        if (mayHaveKilledWorker(error) && !(await this.#noticeRestart())) return 1;
      } finally {
        this.#running = undefined;
      }
      if (outcome === 'done') this.#pending = [];
      if (this.#interactive) {
        this.#lines.setPrompt(outcome === 'done' ? PROMPT : CONTINUATION_PROMPT);
        this.#lines.prompt();
      }
    }
    if (this.#interactive) process.stdout.write('\n');
    return 0;
  }

  close(): void {
    this.#lines.close();
  }

  /** Says so when the worker was replaced. Resolves to false when the VM could not be restarted. */
  async #noticeRestart(): Promise<boolean> {
    let pid: number | undefined;
    try {
      pid = (await this.#vm.stats()).pid;
    } catch (error) {
      process.stderr.write(`luaward: the Lua VM could not be restarted: ${describeError(error)}\n`);
      return false;
    }
    if (pid !== this.#pid) process.stderr.write('(the worker was restarted: the Lua state was reset, globals defined before are gone)\n');
    this.#pid = pid;
    return true;
  }

  // Ctrl-C stops what runs; at the prompt it drops a half-typed statement; twice in a row, it exits.
  readonly #onInterrupt = (): void => {
    if (this.#running !== undefined) {
      this.#running.abort(new Error('interrupted by Ctrl-C'));
      return;
    }
    if (this.#exitRequested) {
      this.#lines.close();
      return;
    }
    this.#exitRequested = this.#pending.length === 0;
    this.#pending = [];
    process.stdout.write(this.#exitRequested ? '\n(To exit, press Ctrl-C again or Ctrl-D)\n' : '\n');
    this.#lines.setPrompt(PROMPT);
    this.#lines.prompt();
  };
}

/**
 * `luaward repl`: a prompt on one VM whose state lasts between lines. The VM restarts itself
 * after a timeout or a crash (the state is then reset, and the user is told). Without a
 * terminal (input piped in) it prints no prompt or banner: only results, output and errors.
 */
export async function replCommand(flags: VMFlags): Promise<number> {
  const vm = new IsolatedLuaVM({ ...flags, autoRestart: true, onPrint: (text) => process.stdout.write(`${text}\n`) });
  let pid: number | undefined;
  try {
    pid = (await vm.stats()).pid;
  } catch (error) {
    await vm.close();
    process.stderr.write(`luaward: could not start the Lua VM: ${describeError(error)}\n`);
    return 1;
  }
  const repl = new Repl(vm, pid, Boolean(process.stdin.isTTY && process.stdout.isTTY));
  try {
    return await repl.run();
  } finally {
    repl.close();
    await vm.close();
  }
}
