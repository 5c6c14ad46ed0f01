// The REPL's persistent history: the lines typed at its prompt, one per line of a file,
// oldest first (as a shell keeps them), read when the REPL starts and rewritten whole after
// each line. Rewriting goes to a temporary file in the same directory that is then renamed
// over the old one, so the file is always either the old or the new complete history, never
// a half-written one; it is created readable by its owner only (it may hold secrets).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Lines kept, the oldest dropped first. */
export const HISTORY_SIZE = 1000;

/** Longer lines (a large paste) are recalled in the session but not saved: the file stays at most about 4 MB. */
export const MAX_SAVED_LINE = 4096;

/** The environment variable that names the file; set to the empty string, no history is saved. */
export const HISTORY_VARIABLE = 'LUAWARD_REPL_HISTORY';

const DEFAULT_FILE_NAME = '.luaward_repl_history';

/** The history file, from the environment: undefined when history is turned off. */
export function historyPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env[HISTORY_VARIABLE];
  if (configured !== undefined) return configured.trim() === '' ? undefined : configured;
  return join(homedir(), DEFAULT_FILE_NAME);
}

/** The file's text as readline's history: newest first, at most {@link HISTORY_SIZE} lines. */
export function parseHistory(text: string): string[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && line.length <= MAX_SAVED_LINE);
  return lines.slice(-HISTORY_SIZE).reverse();
}

/** readline's history (newest first) as the file's text: oldest first, one per line. */
export function formatHistory(history: readonly string[]): string {
  const lines = history.filter((line) => line.length <= MAX_SAVED_LINE && !line.includes('\n')).slice(0, HISTORY_SIZE);
  return lines.length === 0 ? '' : `${lines.reverse().join('\n')}\n`;
}

/** The reason an operation on the history file failed, for one line of stderr. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOENT') return 'no such directory';
  return error instanceof Error ? error.message : String(error);
}

/** A history file: loaded once, then saved after every change until saving fails once. */
export class HistoryFile {
  readonly path: string;
  readonly #warn: (message: string) => void;
  #saving = true;

  /** @param warn says, once, why the history could not be read or saved. */
  constructor(path: string, warn: (message: string) => void) {
    this.path = path;
    this.#warn = warn;
  }

  /**
   * The saved lines, newest first. A file that does not exist yet is an empty history; one that
   * cannot be read is left alone (never overwritten) and the session's lines are not saved.
   */
  load(): string[] {
    try {
      return parseHistory(readFileSync(this.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      this.#stop(`cannot read the history file ${this.path}: ${reason(error)}`);
      return [];
    }
  }

  /** Replaces the file's content with `history` (newest first), atomically. */
  save(history: readonly string[]): void {
    if (!this.#saving) return;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, formatHistory(history), { mode: 0o600 });
      renameSync(temporary, this.path);
    } catch (error) {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nothing more to do: the directory refuses us.
      }
      this.#stop(`cannot save the history to ${this.path}: ${reason(error)}`);
    }
  }

  #stop(message: string): void {
    this.#saving = false;
    this.#warn(`${message} (this session's lines are not saved)`);
  }
}
