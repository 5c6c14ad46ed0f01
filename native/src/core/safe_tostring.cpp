#include "safe_tostring.hpp"

#include <cstring>

#include "context.hpp"

namespace luaward {

namespace {

// Its address is the registry key of the weak table object -> number.
const char kObjectIdsKey = 0;

bool isReference(int type) {
  return type == LUA_TTABLE || type == LUA_TFUNCTION || type == LUA_TTHREAD || type == LUA_TUSERDATA ||
         type == LUA_TLIGHTUSERDATA;
}

lua_Integer objectId(lua_State* L, int index) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kObjectIdsKey);
  lua_pushvalue(L, index);
  if (lua_rawget(L, -2) == LUA_TNUMBER) {
    const lua_Integer id = lua_tointeger(L, -1);
    lua_pop(L, 2);
    return id;
  }
  lua_pop(L, 1);
  const auto id = static_cast<lua_Integer>(++Context::of(L).nextObjectId);
  lua_pushvalue(L, index);
  lua_pushinteger(L, id);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  return id;
}

// Flags, width and precision that may sit between '%' and the conversion.
bool isFormatModifier(char c) { return c != '\0' && std::strchr("-+ #0123456789.", c) != nullptr; }

}  // namespace

void openObjectIds(lua_State* L) {
  lua_createtable(L, 0, 0);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kObjectIdsKey);
}

void pushSafeString(lua_State* L, int index) {
  index = lua_absindex(L, index);
  if (luaL_callmeta(L, index, "__tostring")) {
    if (!lua_isstring(L, -1)) luaL_error(L, "'__tostring' must return a string");
    return;
  }
  if (!isReference(lua_type(L, index))) {
    luaL_tolstring(L, index, nullptr);
    return;
  }
  const int nameType = luaL_getmetafield(L, index, "__name");
  const char* kind = nameType == LUA_TSTRING ? lua_tostring(L, -1) : luaL_typename(L, index);
  lua_pushfstring(L, "%s: #%I", kind, static_cast<LUAI_UACINT>(objectId(L, index)));
  if (nameType != LUA_TNIL) lua_remove(L, -2);
}

int safeTostring(lua_State* L) {
  luaL_checkany(L, 1);
  pushSafeString(L, 1);
  return 1;
}

int safeFormat(lua_State* L) {
  std::size_t length;
  const char* format = luaL_checklstring(L, 1, &length);
  const int top = lua_gettop(L);
  int argument = 1;
  for (std::size_t i = 0; i < length; ++i) {
    if (format[i] != '%') continue;
    if (++i >= length || format[i] == '%') continue;
    while (i < length && isFormatModifier(format[i])) ++i;
    if (i >= length) break;  // a malformed format: the original reports it
    ++argument;
    if (format[i] == 'p') return luaL_error(L, "'%%p' is not available in the sandbox (it shows addresses)");
    if (format[i] == 's' && argument <= top && isReference(lua_type(L, argument))) {
      pushSafeString(L, argument);
      lua_replace(L, argument);
    }
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, top, 1);
  return 1;
}

}  // namespace luaward
