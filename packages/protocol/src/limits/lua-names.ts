// Names that cross into Lua. A callback's name must be usable as a Lua global in source code (a
// Lua name, not a keyword); the name given to call/getGlobal/setGlobal/functionExists is read and
// written raw, so any string without NUL will do. The native worker keeps its own copy of these
// rules (native/src/worker/host_messages.cpp), held to this one by the golden vectors.

/** Lua 5.4's reserved words. */
export const LUA_KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'break',
  'do',
  'else',
  'elseif',
  'end',
  'false',
  'for',
  'function',
  'goto',
  'if',
  'in',
  'local',
  'nil',
  'not',
  'or',
  'repeat',
  'return',
  'then',
  'true',
  'until',
  'while',
]);

const LUA_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` is a Lua name: letters, digits and underscores, not starting with a digit, not a keyword. */
export function isLuaName(name: string): boolean {
  return LUA_IDENTIFIER.test(name) && !LUA_KEYWORDS.has(name);
}

/** Why `name` cannot name a Lua global in source code, or undefined when it can. */
export function luaNameProblem(name: string): string | undefined {
  if (!LUA_IDENTIFIER.test(name)) return `'${name}' is not a Lua identifier`;
  if (LUA_KEYWORDS.has(name)) return `'${name}' is a Lua keyword`;
  return undefined;
}

/** @throws TypeError unless `name` can name a global: a non-empty string without NUL. */
export function checkGlobalName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
    throw new TypeError('name must be a non-empty string without NUL characters');
  }
  return name;
}
