#include "table_functions.hpp"

#include <climits>

#include "instruction_budget.hpp"

namespace luaward {

namespace {

enum Access : unsigned { kRead = 1, kWrite = 2, kLength = 4 };

bool hasMetafield(lua_State* L, const char* name) {
  lua_pushstring(L, name);
  const bool present = lua_rawget(L, -2) != LUA_TNIL;
  lua_pop(L, 1);
  return present;
}

// As the standard library: a table, or a value whose metatable provides the
// metamethods the function needs.
void checkTableLike(lua_State* L, int arg, unsigned access) {
  if (lua_type(L, arg) == LUA_TTABLE) return;
  if (lua_getmetatable(L, arg)) {
    const bool ok = (!(access & kRead) || hasMetafield(L, "__index")) &&
                    (!(access & kWrite) || hasMetafield(L, "__newindex")) &&
                    (!(access & kLength) || hasMetafield(L, "__len"));
    lua_pop(L, 1);
    if (ok) return;
  }
  luaL_checktype(L, arg, LUA_TTABLE);
}

lua_Integer lengthOf(lua_State* L, int arg, unsigned access) {
  checkTableLike(L, arg, access | kLength);
  return luaL_len(L, arg);
}

int insert(lua_State* L) {
  const lua_Integer firstEmpty = luaL_intop(+, lengthOf(L, 1, kRead | kWrite), 1);
  lua_Integer position = firstEmpty;
  switch (lua_gettop(L)) {
    case 2:
      break;
    case 3: {
      position = luaL_checkinteger(L, 2);
      luaL_argcheck(L, static_cast<lua_Unsigned>(position) - 1u < static_cast<lua_Unsigned>(firstEmpty), 2,
                    "position out of bounds");
      chargeOrRaise(L, static_cast<lua_Unsigned>(firstEmpty) - static_cast<lua_Unsigned>(position));
      for (lua_Integer i = firstEmpty; i > position; --i) {
        lua_geti(L, 1, i - 1);
        lua_seti(L, 1, i);
      }
      break;
    }
    default:
      return luaL_error(L, "wrong number of arguments to 'insert'");
  }
  lua_seti(L, 1, position);
  return 0;
}

int remove(lua_State* L) {
  const lua_Integer size = lengthOf(L, 1, kRead | kWrite);
  lua_Integer position = luaL_optinteger(L, 2, size);
  if (position != size) {
    luaL_argcheck(L, static_cast<lua_Unsigned>(position) - 1u <= static_cast<lua_Unsigned>(size), 2,
                  "position out of bounds");
  }
  lua_geti(L, 1, position);
  if (position < size) chargeOrRaise(L, static_cast<lua_Unsigned>(size) - static_cast<lua_Unsigned>(position));
  for (; position < size; ++position) {
    lua_geti(L, 1, position + 1);
    lua_seti(L, 1, position);
  }
  lua_pushnil(L);
  lua_seti(L, 1, position);
  return 1;
}

int move(lua_State* L) {
  const lua_Integer first = luaL_checkinteger(L, 2);
  const lua_Integer last = luaL_checkinteger(L, 3);
  const lua_Integer target = luaL_checkinteger(L, 4);
  const int destination = lua_isnoneornil(L, 5) ? 1 : 5;
  checkTableLike(L, 1, kRead);
  checkTableLike(L, destination, kWrite);
  if (last >= first) {
    luaL_argcheck(L, first > 0 || last < LUA_MAXINTEGER + first, 3, "too many elements to move");
    const lua_Integer count = last - first + 1;
    luaL_argcheck(L, target <= LUA_MAXINTEGER - count + 1, 4, "destination wrap around");
    chargeOrRaise(L, static_cast<lua_Unsigned>(count));
    const bool forward =
        target > last || target <= first || (destination != 1 && !lua_compare(L, 1, destination, LUA_OPEQ));
    if (forward) {
      for (lua_Integer i = 0; i < count; ++i) {
        lua_geti(L, 1, first + i);
        lua_seti(L, destination, target + i);
      }
    } else {
      for (lua_Integer i = count - 1; i >= 0; --i) {
        lua_geti(L, 1, first + i);
        lua_seti(L, destination, target + i);
      }
    }
  }
  lua_pushvalue(L, destination);
  return 1;
}

int constantLength(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  return 1;
}

// A plain table is sorted in place by the standard sort: its length and
// elements are real, so the work is bounded by the memory limit. Anything
// with metamethods is copied out (charged), sorted as a plain table whose
// length is fixed, and copied back (charged).
int sort(lua_State* L) {
  lua_settop(L, 2);
  const bool plain = lua_type(L, 1) == LUA_TTABLE && !lua_getmetatable(L, 1);
  lua_settop(L, 2);
  if (!plain) {
    const lua_Integer length = lengthOf(L, 1, kRead | kWrite);
    if (length <= 1) return 0;
    luaL_argcheck(L, length < INT_MAX, 1, "array too big");
    chargeOrRaise(L, 2 * static_cast<lua_Unsigned>(length));
    lua_createtable(L, 0, 0);
    const int copy = lua_gettop(L);
    for (lua_Integer i = 1; i <= length; ++i) {
      lua_geti(L, 1, i);
      lua_rawseti(L, copy, i);
    }
    lua_createtable(L, 0, 1);
    lua_pushinteger(L, length);
    lua_pushcclosure(L, constantLength, 1);
    lua_setfield(L, -2, "__len");
    lua_setmetatable(L, copy);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, copy);
    lua_pushvalue(L, 2);
    lua_call(L, 2, 0);
    for (lua_Integer i = 1; i <= length; ++i) {
      lua_rawgeti(L, copy, i);
      lua_seti(L, 1, i);
    }
    return 0;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 2, 0);
  return 0;
}

}  // namespace

void installTableFunctions(lua_State* L) {
  lua_pushcfunction(L, insert);
  lua_setfield(L, -2, "insert");
  lua_pushcfunction(L, remove);
  lua_setfield(L, -2, "remove");
  lua_pushcfunction(L, move);
  lua_setfield(L, -2, "move");
  lua_getfield(L, -1, "sort");
  lua_pushcclosure(L, sort, 1);
  lua_setfield(L, -2, "sort");
}

}  // namespace luaward
