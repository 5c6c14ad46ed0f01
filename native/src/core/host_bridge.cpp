#include "host_bridge.hpp"

#include <string_view>
#include <utility>

#include "context.hpp"
#include "convert.hpp"
#include "protected_call.hpp"
#include "safe_tostring.hpp"

namespace luaward {

namespace {

// Its address is the registry key of the table: failure message -> host id.
const char kFailuresKey = 0;

constexpr int kRaise = -1;

// Runs the host while `L` is the thread that called it: a request the host
// makes from inside the call runs on that thread.
class CallbackScope {
 public:
  CallbackScope(Context& context, lua_State* L) : context_(context), saved_(context.callbackThread) {
    context.callbackThread = L;
  }
  ~CallbackScope() { context_.callbackThread = saved_; }
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

 private:
  Context& context_;
  lua_State* saved_;
};

// Leaves on top of the stack the error to raise: `message`, prefixed with
// where the script called the host, and recorded as host failure `id` when
// there is one. Returns kRaise. If even that fails (no memory), the memory
// error is on top instead, which is as good to raise.
int prepareError(lua_State* L, std::string_view message, const std::optional<std::size_t>& id) {
  auto body = [&](lua_State* S) {
    // Level 0 is this body, 1 the C function that called the host; 2 is the
    // Lua code that called that function.
    luaL_where(S, 2);
    lua_pushlstring(S, message.data(), message.size());
    lua_concat(S, 2);
    if (id) {
      lua_rawgetp(S, LUA_REGISTRYINDEX, &kFailuresKey);
      lua_pushvalue(S, -2);
      lua_pushinteger(S, static_cast<lua_Integer>(*id));
      lua_rawset(S, -3);
      lua_pop(S, 1);
    }
  };
  runProtected(L, body);
  return kRaise;
}

// Pushes the results of a callback. Numbers, booleans and nil need no memory;
// anything else is pushed in protected mode.
int pushResults(lua_State* L, const std::vector<Value>& results) {
  const int count = static_cast<int>(results.size());
  bool scalars = true;
  for (const Value& value : results) scalars = scalars && value.isScalar();
  if (scalars && lua_checkstack(L, count)) {
    for (const Value& value : results) pushValue(L, value);
    return count;
  }
  auto body = [&](lua_State* S) {
    luaL_checkstack(S, count, "too many results");
    for (const Value& value : results) pushValue(S, value);
  };
  return runProtected(L, body) == LUA_OK ? count : kRaise;
}

// All the C++ work of a callback call, in a frame that no Lua error crosses.
// Returns the number of results on the stack, or kRaise with the error value
// on top.
int dispatchCallback(lua_State* L, std::size_t index) noexcept {
  Context& context = Context::of(L);
  const std::string& name = context.callbackNames[index];
  try {
    if (context.closing) return prepareError(L, "the engine was closed", std::nullopt);
    const int count = lua_gettop(L);
    std::vector<Value> args(static_cast<std::size_t>(count));
    ConversionTally tally;
    for (int i = 1; i <= count; ++i) {
      Error error;
      if (!readLuaValue(L, i, context.conversion, PathRoot{"args", i}, tally, args[static_cast<std::size_t>(i - 1)],
                        error)) {
        return prepareError(L, "bad argument to callback '" + name + "': " + error.message, std::nullopt);
      }
    }
    std::vector<Value> results;
    HostFailure failure;
    bool ok;
    {
      CallbackScope scope(context, L);
      ok = context.embedder.callHost(index, std::move(args), results, failure);
    }
    if (!ok) return prepareError(L, failure.message, failure.id);
    // The host may have closed the engine from inside the callback.
    if (context.closing) return prepareError(L, "the engine was closed", std::nullopt);
    return pushResults(L, results);
  } catch (...) {
    // Only std::bad_alloc can get here; the C++ heap is out of memory.
  }
  return prepareError(L, "not enough memory", std::nullopt);
}

int callbackTrampoline(lua_State* L) {
  const auto index = static_cast<std::size_t>(lua_tointeger(L, lua_upvalueindex(1)));
  const int results = dispatchCallback(L, index);
  if (results == kRaise) return lua_error(L);
  return results;
}

int deliverLine(lua_State* L, std::string_view line) noexcept {
  Context& context = Context::of(L);
  try {
    HostFailure failure;
    bool ok;
    {
      CallbackScope scope(context, L);
      ok = context.embedder.print(line, failure);
    }
    if (!ok) return prepareError(L, failure.message, failure.id);
    return 0;
  } catch (...) {
  }
  return prepareError(L, "not enough memory", std::nullopt);
}

}  // namespace

void openHostBridge(lua_State* L) {
  lua_createtable(L, 0, 0);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kFailuresKey);
}

void registerCallbacks(lua_State* L, const std::vector<std::string>& names) {
  lua_pushglobaltable(L);
  for (std::size_t i = 0; i < names.size(); ++i) {
    lua_pushlstring(L, names[i].data(), names[i].size());
    lua_pushinteger(L, static_cast<lua_Integer>(i));
    lua_pushcclosure(L, callbackTrampoline, 1);
    lua_rawset(L, -3);
  }
  lua_pop(L, 1);
}

int sandboxPrint(lua_State* L) {
  Context& context = Context::of(L);
  if (context.closing) return luaL_error(L, "the engine was closed");
  const int count = lua_gettop(L);
  luaL_Buffer line;
  luaL_buffinit(L, &line);
  for (int i = 1; i <= count; ++i) {
    if (i > 1) luaL_addchar(&line, '\t');
    pushSafeString(L, i);
    luaL_addvalue(&line);
  }
  luaL_pushresult(&line);
  std::size_t length;
  const char* text = lua_tolstring(L, -1, &length);
  if (!context.output.consume(static_cast<std::uint64_t>(length) + 1)) {
    return luaL_error(L, "output limit exceeded");
  }
  if (deliverLine(L, std::string_view(text, length)) == kRaise) return lua_error(L);
  return 0;
}

std::optional<std::size_t> hostFailureOf(lua_State* L, int index) {
  index = lua_absindex(L, index);
  if (lua_type(L, index) != LUA_TSTRING) return std::nullopt;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kFailuresKey);
  lua_pushvalue(L, index);
  std::optional<std::size_t> id;
  if (lua_rawget(L, -2) == LUA_TNUMBER) id = static_cast<std::size_t>(lua_tointeger(L, -1));
  lua_pop(L, 2);
  return id;
}

void forgetHostFailures(lua_State* L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kFailuresKey);
  // Assigning nil to existing fields during a traversal is allowed and never
  // allocates.
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_pushnil(L);
    lua_rawset(L, -4);
  }
  lua_pop(L, 1);
}

}  // namespace luaward
