#include "convert.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "utf8.hpp"
#include "value_path.hpp"

namespace luaward {

namespace {

// One step from a table to one of its values. A key is shown from the Lua
// stack, where it stays while the reader is below it.
using PathLink = PathStep<int>;

class LuaReader {
 public:
  LuaReader(lua_State* L, const ConversionLimits& limits, PathRoot root, ConversionTally& tally, Error& error)
      : L_(L), root_(root), budget_(limits, tally, ConversionBudget::Containers::Tables), error_(error) {}

  bool read(int index, Value& out, const PathLink* link) {
    switch (lua_type(L_, index)) {
      case LUA_TNIL:
        out = Value();
        return true;
      case LUA_TBOOLEAN:
        out = Value::boolean(lua_toboolean(L_, index) != 0);
        return true;
      case LUA_TNUMBER:
        out = lua_isinteger(L_, index) ? Value::integer(lua_tointeger(L_, index))
                                       : Value::number(lua_tonumber(L_, index));
        return true;
      case LUA_TSTRING: {
        std::size_t length;
        const char* bytes = lua_tolstring(L_, index, &length);
        if (!budget_.countBytes(length)) return fail(link, budget_.failure());
        out = Value::string(std::string(bytes, length));
        return true;
      }
      case LUA_TTABLE:
        return readTable(index, out, link);
      default:
        return fail(link, std::string("cannot convert a ") + lua_typename(L_, lua_type(L_, index)) + " value");
    }
  }

 private:
  enum class Shape { Array, Object, Map };

  bool readTable(int table, Value& out, const PathLink* link) {
    if (!budget_.checkDepth()) return fail(link, budget_.failure());
    const void* identity = lua_topointer(L_, table);
    if (std::find(ancestors_.begin(), ancestors_.end(), identity) != ancestors_.end()) {
      return fail(link, "cannot convert a table that contains itself (a cycle)");
    }
    if (!lua_checkstack(L_, 4)) return fail(link, "the Lua stack is too deep to convert this value");

    std::int64_t count = 0;
    const Shape shape = classify(table, count);
    if (!budget_.countEntries(static_cast<std::uint64_t>(count))) return fail(link, budget_.failure());

    ancestors_.push_back(identity);
    budget_.enter();
    const bool ok =
        shape == Shape::Array ? readArray(table, count, out, link) : readEntries(table, shape, count, out, link);
    budget_.leave();
    ancestors_.pop_back();
    return ok;
  }

  // One pass over the keys only: a sequence has exactly the keys 1..n; an
  // object only UTF-8 string keys; anything else is a map. The empty table is
  // an (empty) object.
  Shape classify(int table, std::int64_t& count) {
    bool sequence = true;
    bool text = true;
    std::int64_t maxKey = 0;
    lua_pushnil(L_);
    while (lua_next(L_, table) != 0) {
      ++count;
      if (lua_type(L_, -2) == LUA_TSTRING) {
        sequence = false;
        if (text) {
          std::size_t length;
          const char* bytes = lua_tolstring(L_, -2, &length);
          text = isValidUtf8(std::string_view(bytes, length));
        }
      } else {
        text = false;
        if (sequence && lua_isinteger(L_, -2) && lua_tointeger(L_, -2) >= 1) {
          maxKey = std::max<std::int64_t>(maxKey, lua_tointeger(L_, -2));
        } else {
          sequence = false;
        }
      }
      lua_pop(L_, 1);
    }
    // Keys are distinct, so n positive integer keys that are all <= n are
    // exactly 1..n.
    if (count > 0 && sequence && maxKey == count) return Shape::Array;
    if (text) return Shape::Object;
    return Shape::Map;
  }

  bool readArray(int table, std::int64_t count, Value& out, const PathLink* link) {
    Array items(static_cast<std::size_t>(count));
    for (std::int64_t i = 1; i <= count; ++i) {
      lua_rawgeti(L_, table, i);
      const PathLink child = PathLink::atIndex(link, i);
      if (!read(lua_gettop(L_), items[static_cast<std::size_t>(i - 1)], &child)) return false;
      lua_pop(L_, 1);
    }
    out = Value::array(std::move(items));
    return true;
  }

  bool readEntries(int table, Shape shape, std::int64_t count, Value& out, const PathLink* link) {
    Object fields;
    Map pairs;
    if (shape == Shape::Object) {
      fields.reserve(static_cast<std::size_t>(count));
    } else {
      pairs.reserve(static_cast<std::size_t>(count));
    }
    lua_pushnil(L_);
    while (lua_next(L_, table) != 0) {
      const int key = lua_gettop(L_) - 1;
      const PathLink child = PathLink::atKey(link, key);
      Value value;
      if (!read(key + 1, value, &child)) return false;
      if (shape == Shape::Object) {
        std::size_t length;
        const char* bytes = lua_tolstring(L_, key, &length);
        if (!budget_.countBytes(length)) return fail(&child, budget_.failure());
        fields.push_back(ObjectEntry{std::string(bytes, length), std::move(value)});
      } else {
        const PathLink intoKey = PathLink::intoKey(link);
        Value keyValue;
        if (!read(key, keyValue, &intoKey)) return false;
        pairs.push_back(MapEntry{std::move(keyValue), std::move(value)});
      }
      lua_pop(L_, 1);
    }
    out = shape == Shape::Object ? Value::object(std::move(fields)) : Value::map(std::move(pairs));
    return true;
  }

  // Shows the key at `index` the way a path shows it. Never converts the key
  // in place (lua_tolstring on a number would break lua_next).
  void appendKey(std::string& path, int index) const {
    switch (lua_type(L_, index)) {
      case LUA_TSTRING: {
        std::size_t length;
        const char* bytes = lua_tolstring(L_, index, &length);
        appendFieldSegment(path, std::string_view(bytes, length));
        return;
      }
      case LUA_TNUMBER: {
        if (lua_isinteger(L_, index)) {
          appendIndexSegment(path, lua_tointeger(L_, index));
          return;
        }
        char text[32];
        std::snprintf(text, sizeof text, "%.14g", lua_tonumber(L_, index));
        appendDescribedSegment(path, text);
        return;
      }
      case LUA_TBOOLEAN:
        appendDescribedSegment(path, lua_toboolean(L_, index) ? "true" : "false");
        return;
      default:
        appendDescribedSegment(path, lua_typename(L_, lua_type(L_, index)));
        return;
    }
  }

  bool fail(const PathLink* link, const std::string& message) {
    const auto showKey = [this](std::string& path, int key) { appendKey(path, key); };
    error_ = conversionError(message, renderPath(root_, link, "table key", showKey));
    return false;
  }

  lua_State* L_;
  PathRoot root_;
  ConversionBudget budget_;
  Error& error_;
  std::vector<const void*> ancestors_;
};

void pushValueAt(lua_State* L, const Value& value, std::uint32_t depth) {
  switch (value.type()) {
    case Value::Type::Nil:
      lua_pushnil(L);
      return;
    case Value::Type::Boolean:
      lua_pushboolean(L, value.asBoolean());
      return;
    case Value::Type::Integer:
      lua_pushinteger(L, value.asInteger());
      return;
    case Value::Type::Float:
      lua_pushnumber(L, value.asFloat());
      return;
    case Value::Type::String:
      lua_pushlstring(L, value.asString().data(), value.asString().size());
      return;
    default:
      break;
  }
  if (depth >= kMaxValueDepthCeiling) luaL_error(L, "value nested too deeply to convert");
  luaL_checkstack(L, 3, "value nested too deeply to convert");
  switch (value.type()) {
    case Value::Type::Array: {
      const Array& items = value.asArray();
      lua_createtable(L, static_cast<int>(std::min<std::size_t>(items.size(), INT32_MAX)), 0);
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].isNil()) continue;
        pushValueAt(L, items[i], depth + 1);
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
      }
      return;
    }
    case Value::Type::Object: {
      const Object& fields = value.asObject();
      lua_createtable(L, 0, static_cast<int>(std::min<std::size_t>(fields.size(), INT32_MAX)));
      for (const ObjectEntry& field : fields) {
        if (field.value.isNil()) continue;
        lua_pushlstring(L, field.key.data(), field.key.size());
        pushValueAt(L, field.value, depth + 1);
        lua_rawset(L, -3);
      }
      return;
    }
    case Value::Type::Map: {
      const Map& pairs = value.asMap();
      lua_createtable(L, 0, static_cast<int>(std::min<std::size_t>(pairs.size(), INT32_MAX)));
      for (const MapEntry& pair : pairs) {
        if (pair.value.isNil()) continue;
        pushValueAt(L, pair.key, depth + 1);
        pushValueAt(L, pair.value, depth + 1);
        lua_rawset(L, -3);
      }
      return;
    }
    default:
      return;
  }
}

}  // namespace

bool readLuaValue(lua_State* L, int index, const ConversionLimits& limits, PathRoot root, ConversionTally& tally,
                  Value& out, Error& error) {
  const int top = lua_gettop(L);
  LuaReader reader(L, limits, root, tally, error);
  const bool ok = reader.read(lua_absindex(L, index), out, nullptr);
  lua_settop(L, top);
  return ok;
}

void pushValue(lua_State* L, const Value& value) { pushValueAt(L, value, 0); }

}  // namespace luaward
