// Test helpers over decoded MessagePack: wire values described in the golden
// vectors' JSON notation (docs/protocol.md, "Golden vectors"), compared item
// by item.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "../src/core/engine_options.hpp"
#include "../src/core/value.hpp"
#include "../src/worker/wire_value.hpp"
#include "json.hpp"

namespace luaward::test {

// The item a described value stands for: JSON null, booleans, strings and
// numbers are nil, booleans, str and integers; {"$int": "..."},
// {"$float": "..."}, {"$bin": "hex"} and {"$map": [[k, v], ...]} are tags.
worker::WireItem itemFromJson(const Json& json);

// The Lua value a described value stands for, as the worker would send it.
Value valueFromJson(const Json& json);

// Whether two items are the same wire value (floats compared bit for bit,
// NaN equal to NaN). Maps nested less than `unorderedLevels` deep are
// compared by key, ignoring order. On a difference, says where.
bool sameItem(const worker::WireItem& actual, const worker::WireItem& expected, std::string& difference,
              int unorderedLevels);

// The bytes of a literal, NULs included.
template <std::size_t N>
std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

// Bytes in lowercase hex, for messages.
std::string hex(std::string_view bytes);

}  // namespace luaward::test
