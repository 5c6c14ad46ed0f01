/*
** Forced into every translation unit of the Lua that LuaWard builds (with the
** compiler's -include), ahead of Lua's own headers. It replaces the two places
** where upstream Lua derives values from memory addresses that a script can
** observe: the string-hash seed and the placement of pointer keys in tables.
*/
#ifndef luaward_luaconf_h
#define luaward_luaconf_h

/* A fresh random seed per state, instead of one mixed from addresses and the time. */
unsigned int luaward_lua_seed(void);
#define luai_makeseed(L) ((void)(L), luaward_lua_seed())

/* A keyed hash of a pointer, used for tables, closures and C functions as table keys. */
unsigned int luaward_hash_pointer(const void *p);

#endif
