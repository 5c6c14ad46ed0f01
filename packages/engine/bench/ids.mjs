// The runtime ids that results are looked up by.
export const ENGINE_WITH_HOOK = 'luaward';
export const ENGINE_WITHOUT_HOOK = 'luaward-nohook';
/** The reference every ratio is taken against. */
export const LUA_COMMAND = 'lua';
