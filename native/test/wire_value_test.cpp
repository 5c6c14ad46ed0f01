// Values on the wire: conversion into Lua values under the init limits, and
// exact encoding (worker/wire_value.hpp).
#include <cmath>
#include <limits>

#include "../src/worker/frame_channel.hpp"
#include "../src/worker/wire_value.hpp"
#include "check.hpp"
#include "wire_items.hpp"

namespace luaward::test {
namespace {

using worker::WireItem;

std::string encodedValue(const Value& value) {
  worker::FrameBuffer frame(1024);
  worker::writeValue(frame, value);
  return frame.finish().substr(worker::kFrameHeaderLength);
}

ConversionLimits limits(std::uint32_t depth, std::uint64_t size, std::uint64_t bytes = UINT64_MAX) {
  ConversionLimits result;
  result.maxDepth = depth;
  result.maxSize = size;
  result.maxBytes = bytes;
  return result;
}

bool converts(const WireItem& item, const ConversionLimits& limits, Value& out, Error& error) {
  ConversionTally tally;
  return worker::valueFromWire(WireItem(item), limits, worker::WirePathRoot{"args", 1}, tally, out, error);
}

WireItem text(std::string bytes) {
  WireItem item;
  item.kind = WireItem::Kind::Str;
  item.bytes = std::move(bytes);
  return item;
}

LUAWARD_TEST(valuesConvertWithTheirLuaTypes) {
  WireItem map;
  map.kind = WireItem::Kind::Map;
  WireItem key;
  key.kind = WireItem::Kind::Str;
  key.bytes = "k";
  WireItem binary;
  binary.kind = WireItem::Kind::Bin;
  binary.bytes = "\xff";
  map.items = {key, binary};
  Value value;
  Error error;
  CHECK(converts(map, limits(8, 100), value, error));
  CHECK(value.type() == Value::Type::Object && value.asObject().size() == 1);
  CHECK(value.asObject()[0].key == "k" && value.asObject()[0].value.asString() == "\xff");

  // A key that is not a str makes a Map, its keys converted too.
  WireItem one;
  one.kind = WireItem::Kind::Integer;
  one.integer = 1;
  map.items = {one, key};
  CHECK(converts(map, limits(8, 100), value, error));
  CHECK(value.type() == Value::Type::Map && value.asMap()[0].key.asInteger() == 1);

  WireItem half;
  half.kind = WireItem::Kind::Float;
  half.number = -0.0;
  CHECK(converts(half, limits(8, 100), value, error));
  CHECK(value.type() == Value::Type::Float && std::signbit(value.asFloat()));
}

LUAWARD_TEST(valuesLuaCannotHoldFailWithTheirPath) {
  Value value;
  Error error;
  WireItem big;
  big.kind = WireItem::Kind::BigUnsigned;
  big.bigUnsigned = std::numeric_limits<std::uint64_t>::max();
  WireItem array;
  array.kind = WireItem::Kind::Array;
  array.items = {WireItem(), big};
  CHECK(!converts(array, limits(8, 100), value, error));
  CHECK(error.kind == ErrorKind::Conversion && error.path == "args[1][1]");

  WireItem map;
  map.kind = WireItem::Kind::Map;
  WireItem nan;
  nan.kind = WireItem::Kind::Float;
  nan.number = std::numeric_limits<double>::quiet_NaN();
  map.items = {nan, WireItem()};
  CHECK(!converts(map, limits(8, 100), value, error));
  CHECK(error.message == "NaN cannot be a Lua table key at args[1][key]");
  map.items = {WireItem(), nan};
  CHECK(!converts(map, limits(8, 100), value, error));
  CHECK(error.message == "a map key that is nil cannot be a Lua table key at args[1][key]");
}

LUAWARD_TEST(valuesPastTheInitLimitsFail) {
  Value value;
  Error error;
  WireItem nested;
  nested.kind = WireItem::Kind::Array;
  for (int i = 0; i < 3; ++i) {
    WireItem outer;
    outer.kind = WireItem::Kind::Array;
    outer.items.push_back(nested);
    nested = outer;
  }
  // Four arrays deep.
  CHECK(converts(nested, limits(4, 100), value, error));
  CHECK(!converts(nested, limits(3, 100), value, error));
  CHECK(error.message == "values are nested deeper than maxValueDepth (3) at args[1][0][0][0]");

  WireItem wide;
  wide.kind = WireItem::Kind::Array;
  wide.items.resize(5);
  CHECK(converts(wide, limits(4, 5), value, error));
  CHECK(!converts(wide, limits(4, 4), value, error));
  CHECK(error.message == "the value has more than maxValueSize (4) entries at args[1]");
}

LUAWARD_TEST(stringBytesCountAgainstTheCapAcrossOneCall) {
  Value value;
  Error error;
  WireItem map;
  map.kind = WireItem::Kind::Map;
  map.items = {text("key"), text("12345678901234567")};
  // Keys count too: 3 + 17 bytes.
  CHECK(converts(map, limits(8, 100, 20), value, error));
  CHECK(!converts(map, limits(8, 100, 19), value, error));
  CHECK(error.message == "the strings of the value add up to more than the memory limit (19 bytes) at args[1].key");
}

LUAWARD_TEST(entriesCountAgainstTheCapAtEachCopy) {
  Value value;
  Error error;
  // Two entries of 16 bytes each: within 32 bytes, not within 31.
  WireItem pair;
  pair.kind = WireItem::Kind::Array;
  pair.items = {WireItem{}, WireItem{}};
  CHECK(converts(pair, limits(8, 100, 32), value, error));
  CHECK(!converts(pair, limits(8, 100, 31), value, error));
  CHECK(error.message ==
        "the entries of the value (16 bytes each, a shared table counted wherever it appears) add up to more than the "
        "memory limit (31 bytes) at args[1]");

  // The arguments of one call share one tally.
  ConversionTally tally;
  const ConversionLimits cap = limits(8, 100, 10);
  CHECK(worker::valueFromWire(text("123456"), cap, worker::WirePathRoot{"args", 0}, tally, value, error));
  CHECK(!worker::valueFromWire(text("123456"), cap, worker::WirePathRoot{"args", 1}, tally, value, error));
  CHECK(error.path == "args[1]");
}

LUAWARD_TEST(valuesEncodeExactly) {
  CHECK(encodedValue(Value::number(1.0)) == bytes("\xcb\x3f\xf0\x00\x00\x00\x00\x00\x00"));
  CHECK(encodedValue(Value::number(-0.0)) == bytes("\xcb\x80\x00\x00\x00\x00\x00\x00\x00"));
  CHECK(encodedValue(Value::integer(1)) == "\x01");
  CHECK(encodedValue(Value::integer(-33)) == "\xd0\xdf");
  CHECK(encodedValue(Value::integer(std::numeric_limits<std::int64_t>::min())) ==
        bytes("\xd3\x80\x00\x00\x00\x00\x00\x00\x00"));
  CHECK(encodedValue(Value::string("\xff")) == "\xc4\x01\xff");
  CHECK(encodedValue(Value::string("\xc3\xa9")) == "\xa2\xc3\xa9");
  Map pairs;
  pairs.push_back(MapEntry{Value::boolean(true), Value::string("")});
  CHECK(encodedValue(Value::map(std::move(pairs))) == "\x81\xc3\xa0");
}

}  // namespace
}  // namespace luaward::test
