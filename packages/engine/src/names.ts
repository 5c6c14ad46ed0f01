// The globals the sandbox defines, which a callback may not replace. The rules for Lua names
// themselves live in @luaward/protocol (limits/lua-names.ts).

/** Globals of the base library as the sandbox leaves them. */
export const BASE_GLOBALS: readonly string[] = [
  '_G',
  '_VERSION',
  'assert',
  'collectgarbage',
  'error',
  'getmetatable',
  'ipairs',
  'load',
  'next',
  'pairs',
  'pcall',
  'print',
  'rawequal',
  'rawget',
  'rawlen',
  'rawset',
  'select',
  'setmetatable',
  'tonumber',
  'tostring',
  'type',
  'warn',
  'xpcall',
];
