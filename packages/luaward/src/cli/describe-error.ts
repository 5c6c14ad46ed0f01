// One readable line for an error that ended a request: `file:line: message`
// where Lua knows the place, and what each limit means in the user's units.
import {
  AbortError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  MemoryLimitError,
  OutputLimitError,
  TimeoutError,
  WorkerCrashedError,
} from '@luaward/protocol';

import { formatBytes, formatDuration } from './units.js';

/** Control characters (a hostile script chooses its error text) as escapes, so the line stays one line. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** A Lua error's message, with `chunk:line: ` in front when Lua did not put it there itself. */
function located(message: string, chunkName: string | undefined, line: number | undefined): string {
  if (chunkName === undefined || line === undefined || message.startsWith(`${chunkName}:`)) return message;
  return `${chunkName}:${line}: ${message}`;
}

function withLimit(what: string, limit: string | undefined): string {
  return limit === undefined ? `${what} exceeded` : `${what} of ${limit} exceeded`;
}

/** What went wrong, without the chunk name in front. */
function describe(error: unknown): string {
  if (LuaSyntaxError.isInstance(error) || LuaRuntimeError.isInstance(error)) return located(error.message, error.chunkName, error.line);
  if (MemoryLimitError.isInstance(error))
    return withLimit('memory limit', error.limit === undefined ? undefined : formatBytes(error.limit));
  if (InstructionLimitError.isInstance(error)) {
    return withLimit('instruction limit', error.limit === undefined ? undefined : `${error.limit} instructions`);
  }
  if (OutputLimitError.isInstance(error))
    return withLimit('output limit', error.limit === undefined ? undefined : formatBytes(error.limit));
  if (TimeoutError.isInstance(error)) {
    return `${withLimit('time limit', error.timeout === undefined ? undefined : formatDuration(error.timeout))} (the worker was killed)`;
  }
  // Its message says how the worker died ("the worker was killed by signal SIGSEGV").
  if (WorkerCrashedError.isInstance(error)) return error.message;
  if (ConversionError.isInstance(error)) return `a value could not be converted: ${error.message}`;
  if (AbortError.isInstance(error)) return 'interrupted';
  return error instanceof Error ? error.message : String(error);
}

/**
 * The error as one line: `hello.lua:3: attempt to ...` for Lua errors, `hello.lua: memory
 * limit of 10 MB exceeded` for a limit (the chunk name in front when Lua's message does not
 * locate the error itself). Without `chunkName`, just what went wrong.
 */
export function describeError(error: unknown, chunkName?: string): string {
  const text = describe(error);
  if (chunkName === undefined) return oneLine(text);
  const locatedByLua = (LuaSyntaxError.isInstance(error) || LuaRuntimeError.isInstance(error)) && /^[^\s:][^:]*:\d+: /.test(text);
  return oneLine(locatedByLua || text.startsWith(`${chunkName}:`) ? text : `${chunkName}: ${text}`);
}
