// Names that cross into Lua: global names for call/getGlobal/setGlobal, and
// the stricter rules for callback names (they must be usable as Lua globals).

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const KEYWORDS = new Set([
  'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'goto', 'if', 'in',
  'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while',
]);

/** Globals of the base library as the sandbox leaves them. */
export const BASE_GLOBALS: readonly string[] = [
  '_G', '_VERSION', 'assert', 'collectgarbage', 'error', 'getmetatable', 'ipairs', 'load', 'next', 'pairs',
  'pcall', 'print', 'rawequal', 'rawget', 'rawlen', 'rawset', 'select', 'setmetatable', 'tonumber', 'tostring',
  'type', 'warn', 'xpcall',
];

/** Throws unless `name` is a usable global name: a non-empty string without NUL. */
export function checkGlobalName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
    throw new TypeError('name must be a non-empty string without NUL characters');
  }
  return name;
}

/** Why `name` cannot name a callback global, or undefined when it can. */
export function callbackNameProblem(name: string, sandboxGlobals: ReadonlySet<string>): string | undefined {
  if (!IDENTIFIER.test(name)) return `'${name}' is not a Lua identifier`;
  if (KEYWORDS.has(name)) return `'${name}' is a Lua keyword`;
  if (sandboxGlobals.has(name)) return `'${name}' would replace the sandbox global of that name`;
  return undefined;
}
