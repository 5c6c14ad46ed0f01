// A small JSON reader for the golden vectors' descriptions. Objects keep
// their keys in the order written, which the vectors rely on.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace luaward::test {

struct Json {
  enum class Kind { Null, Boolean, Integer, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0;
  std::string text;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> fields;

  bool is(Kind k) const { return kind == k; }
  // The field `name` of an object, or null when absent.
  const Json* find(std::string_view name) const;
  // The field `name`; throws when absent.
  const Json& at(std::string_view name) const;
};

// Throws std::runtime_error with the offset of the first problem.
Json parseJson(std::string_view text);

}  // namespace luaward::test
