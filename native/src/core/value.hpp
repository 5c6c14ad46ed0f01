// A plain C++ value tree: the one shape values take between Lua and a host.
// The addon converts it to and from JavaScript values, the worker executable
// to and from MessagePack; the Lua side lives in convert.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace luaward {

class Value;
struct ObjectEntry;
struct MapEntry;

struct Nil {};
// A Lua sequence: element i is the value at Lua key i + 1. An element may be
// nil when the value comes from the host (a JavaScript `null` in an array).
using Array = std::vector<Value>;
// String keys (valid UTF-8 when they come from Lua), in the order the entries
// were read.
using Object = std::vector<ObjectEntry>;
// Any non-nil keys: integers outside 1..n, floats, booleans, byte strings,
// tables.
using Map = std::vector<MapEntry>;

class Value {
 public:
  // The order matches the variant's alternatives below.
  enum class Type : std::uint8_t { Nil, Boolean, Integer, Float, String, Array, Object, Map };

  Value() = default;
  static Value boolean(bool b) { return Value(Data(std::in_place_index<1>, b)); }
  static Value integer(std::int64_t i) { return Value(Data(std::in_place_index<2>, i)); }
  static Value number(double d) { return Value(Data(std::in_place_index<3>, d)); }
  static Value string(std::string bytes) { return Value(Data(std::in_place_index<4>, std::move(bytes))); }
  static Value array(Array items) { return Value(Data(std::in_place_index<5>, std::move(items))); }
  static Value object(Object entries) { return Value(Data(std::in_place_index<6>, std::move(entries))); }
  static Value map(Map entries) { return Value(Data(std::in_place_index<7>, std::move(entries))); }

  Type type() const { return static_cast<Type>(data_.index()); }
  bool isNil() const { return type() == Type::Nil; }
  // True for nil, booleans and numbers: values Lua can take without allocating.
  bool isScalar() const { return type() <= Type::Float; }

  bool asBoolean() const { return std::get<1>(data_); }
  std::int64_t asInteger() const { return std::get<2>(data_); }
  double asFloat() const { return std::get<3>(data_); }
  const std::string& asString() const { return std::get<4>(data_); }
  std::string& asString() { return std::get<4>(data_); }
  const Array& asArray() const { return std::get<5>(data_); }
  Array& asArray() { return std::get<5>(data_); }
  const Object& asObject() const { return std::get<6>(data_); }
  Object& asObject() { return std::get<6>(data_); }
  const Map& asMap() const { return std::get<7>(data_); }
  Map& asMap() { return std::get<7>(data_); }

 private:
  using Data =
      std::variant<Nil, bool, std::int64_t, double, std::string, luaward::Array, luaward::Object, luaward::Map>;
  explicit Value(Data data) : data_(std::move(data)) {}
  Data data_;
};

struct ObjectEntry {
  std::string key;
  Value value;
};

struct MapEntry {
  Value key;
  Value value;
};

}  // namespace luaward
