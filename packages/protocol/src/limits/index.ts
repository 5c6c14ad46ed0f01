// The limits table, the checks every public entry point runs through it, and the rules of Lua names.
export * from './table.js';
export * from './check.js';
export * from './lua-names.js';
