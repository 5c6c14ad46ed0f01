/*
** Lua's ltable.c, compiled with pointer keys hashed by a secret key.
**
** Upstream places a table, closure or C function used as a key by the low bits
** of its address (point2uint), so a script that watches where keys land (with
** next) can read those bits: heap layout and code addresses. Including
** llimits.h first lets this file redefine point2uint before ltable.c's own
** (guarded, so skipped) inclusion of it; ltable.c itself is compiled unchanged.
*/
#define ltable_c
#define LUA_CORE

#include "lprefix.h"
#include "llimits.h"

#undef point2uint
#define point2uint(p) luaward_hash_pointer(p)

#include "ltable.c"
