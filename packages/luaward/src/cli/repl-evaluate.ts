// What the REPL does with the text typed so far: run it as an expression or as statements,
// say when it needs more lines, and show its values, functions and cycles included.
import { randomBytes } from 'node:crypto';

import type { LuaValue } from '@luaward/engine';
import { ConversionError, LuaRuntimeError, LuaSyntaxError } from '@luaward/protocol';

import type { IsolatedLuaVM } from '../isolated-vm.js';

import { LUA_LIKE, renderResults, type Notation } from './render.js';
import { STDIN_CHUNK_NAME } from './run-command.js';

const NONCE = randomBytes(6).toString('hex');

/**
 * Values the VM cannot convert (functions, coroutines, tables with a `__tostring` metamethod,
 * a table met again inside itself) come back as strings starting with this marker, followed
 * by what `tostring` says of them (`function: #3`). A NUL and a random part: no string a
 * script builds by chance starts so.
 */
const OPAQUE_MARK = `\0luaward:${NONCE}:`;

/** A Lua string literal of `text`, which has no `"` or `\`, and NUL only as `\0`. */
function luaLiteral(text: string): string {
  return `"${text.replace('\0', '\\0')}"`;
}

/**
 * The global under which a line leaves its values, in case the VM cannot convert them: raw
 * access (no metamethod of `_G` runs), a key no script names by chance. A request of its own
 * ({@link FORGET}) removes it once the line is shown, so no script ever sees it.
 */
const KEPT = luaLiteral(`\0luaward-repl:${NONCE}`);
const FORGET = `rawset(_ENV, ${KEPT}, nil)`;

/**
 * A Lua function, on one line (so that a chunk's line numbers do not move), that keeps its
 * arguments under {@link KEPT} and returns them; a table among them (not inside them) whose
 * metatable has `__tostring` becomes the marked text `tostring` makes of it, as Lua's own REPL
 * shows such a value (unless that `__tostring` fails: the table then stays). If anything fails
 * (a script removed `pcall`, or replaced `rawset` or `table`), it returns its arguments as they
 * are; only a `pcall` replaced by something else than a function makes it fail.
 */
const KEEP = [
  '(function(...)',
  'if not pcall then return ... end',
  'local ok, values, unpack = pcall(function(...)',
  'local values, unpack = table.pack(...), table.unpack',
  'if type(unpack) ~= "function" then error() end',
  'for i = 1, values.n do',
  'local v = values[i]',
  'if type(v) == "table" and type(getmetatable(v)) == "table" and rawget(getmetatable(v), "__tostring") ~= nil then',
  'local shown, text = pcall(tostring, v)',
  `if shown and type(text) == "string" then values[i] = ${luaLiteral(OPAQUE_MARK)} .. text end`,
  'end',
  'end',
  `rawset(_ENV, ${KEPT}, values)`,
  'return values, unpack',
  'end, ...)',
  'if ok then return unpack(values, 1, values.n) end',
  'return ...',
  'end)',
].join(' ');

/**
 * Returns copies of the values a line kept, in which each value the VM cannot convert (a
 * function, a coroutine, a table met again inside itself) is replaced by the marked text of
 * `tostring(value)` (`function: #1`, `table: #2`), and forgets them. It reads tables raw: no
 * `__index` or `__pairs` runs (only the `__tostring` of a table met again inside itself, as
 * `tostring` calls it). Returns nothing when nothing was kept or anything fails (a nesting too
 * deep to walk): the line's conversion error then stands.
 */
const SHOW_KEPT = [
  'if not pcall then return end',
  'local ok, shown = pcall(function()',
  `local kept = rawget(_ENV, ${KEPT})`,
  FORGET,
  'if kept == nil then error() end',
  `local type, next, tostring, mark = type, next, tostring, ${luaLiteral(OPAQUE_MARK)}`,
  'local copies, path = {}, {}',
  'local function copy(v)',
  'local t = type(v)',
  'if t == "function" or t == "thread" or t == "userdata" then return mark .. tostring(v) end',
  'if t ~= "table" then return v end',
  'if copies[v] then return copies[v] end',
  'if path[v] then return mark .. tostring(v) end',
  'path[v] = true',
  'local c = {}',
  'for k, x in next, v do c[copy(k)] = copy(x) end',
  'path[v] = nil copies[v] = c',
  'return c',
  'end',
  'local out = {n = kept.n, unpack = table.unpack}',
  'for i = 1, kept.n do out[i] = copy(kept[i]) end',
  'return out',
  'end)',
  'if ok then return shown.unpack(shown, 1, shown.n) end',
].join('\n');

/** How the REPL shows values: Lua table constructors, placeholders as the text they carry. */
const REPL_NOTATION: Notation = {
  ...LUA_LIKE,
  opaque: (text) => (text.startsWith(OPAQUE_MARK) ? text.slice(OPAQUE_MARK.length) : undefined),
};

/** The values a line returned, tab-separated, as the REPL prints them (nothing when there are none). */
export function renderShown(values: readonly LuaValue[]): string | undefined {
  return values.length === 0 ? undefined : renderResults(values, REPL_NOTATION);
}

/** Lua reports a statement cut short by the end of its input as a syntax error "... near <eof>". */
function isIncomplete(error: unknown): boolean {
  return LuaSyntaxError.isInstance(error) && error.message.endsWith('<eof>');
}

const options = (signal: AbortSignal) => ({ chunkName: STDIN_CHUNK_NAME, results: 'all', signal }) as const;

type Attempt = { ran: true; values: LuaValue[] } | { ran: false; error: LuaSyntaxError };

/** Runs `code`; a syntax error means nothing ran, and is returned rather than thrown. */
async function attempt(vm: IsolatedLuaVM, code: string, signal: AbortSignal): Promise<Attempt> {
  try {
    return { ran: true, values: await vm.execute(code, options(signal)) };
  } catch (error) {
    if (LuaSyntaxError.isInstance(error)) return { ran: false, error };
    throw error;
  }
}

/**
 * Runs a chunk that keeps its values (see {@link KEEP}); when the VM cannot convert them, shows
 * them from what was kept instead, in a request of its own. Throws the conversion error when
 * that does not help either.
 */
async function attemptKept(vm: IsolatedLuaVM, code: string, signal: AbortSignal): Promise<Attempt> {
  try {
    return await attempt(vm, code, signal);
  } catch (error) {
    if (!ConversionError.isInstance(error)) throw error;
    let shown: LuaValue[] = [];
    try {
      shown = await vm.execute(SHOW_KEPT, options(signal));
    } catch (fallback) {
      // A fallback that fails in Lua leaves the line's error; a stopped VM says so itself.
      if (!ConversionError.isInstance(fallback) && !LuaRuntimeError.isInstance(fallback)) throw fallback;
    }
    if (shown.length === 0) throw error;
    return { ran: true, values: shown };
  }
}

/**
 * Runs what the user typed so far (`source`, its lines joined). As Lua's own REPL does, it is
 * first tried as an expression list (`return <source>`), so that its values are shown; if that
 * does not compile, it runs as statements. Each form is first tried inside a function, with
 * {@link KEEP} around it; both sit before the source on its first line, so line numbers do
 * not move. Once one ran, {@link FORGET} removes what it kept. Only when no form compiles are
 * the two compiled as they are, for Lua's own message: a chunk that does not compile never
 * runs, so nothing runs twice. Resolves to the values, or to 'incomplete' when either form ends
 * too early (`if x then`, `{1,`): more lines are needed. Rejects with the statement form's
 * syntax error, or with whatever stopped the run.
 */
export async function evaluate(vm: IsolatedLuaVM, source: string, signal: AbortSignal): Promise<LuaValue[] | 'incomplete'> {
  // Inside a function the source compiles as in a chunk of its own (the same code, on the same
  // lines), and the `end` after a newline cannot be swallowed by a `--` comment on its last line.
  const kept = [`return ${KEEP}((function(...) return ${source}\nend)(...))`, `return ${KEEP}((function(...) ${source}\nend)(...))`];
  let ran = false;
  try {
    for (const code of kept) {
      const result = await attemptKept(vm, code, signal);
      ran ||= result.ran;
      if (result.ran) return result.values;
    }
  } catch (error) {
    ran = true;
    throw error;
  } finally {
    // Whatever happened (a failure of the VM included), what the line kept goes.
    if (ran) await vm.execute(FORGET).catch(() => undefined);
  }
  let error: LuaSyntaxError | undefined;
  let incomplete = false;
  for (const code of [`return ${source}`, source]) {
    const result = await attempt(vm, code, signal);
    if (result.ran) return result.values;
    incomplete ||= isIncomplete(result.error);
    error = result.error;
  }
  if (incomplete) return 'incomplete';
  throw error;
}
