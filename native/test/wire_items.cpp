#include "wire_items.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace luaward::test {

namespace {

using worker::WireItem;

// The tag of a described value: an object with exactly one key starting with `$`.
const std::pair<std::string, Json>* tagOf(const Json& json) {
  if (!json.is(Json::Kind::Object) || json.fields.size() != 1 || json.fields[0].first.empty() ||
      json.fields[0].first[0] != '$') {
    return nullptr;
  }
  return &json.fields[0];
}

double floatFromText(const std::string& text) {
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  return std::strtod(text.c_str(), nullptr);
}

std::string bytesFromHex(const std::string& digits) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2) {
    bytes += static_cast<char>(std::strtoul(digits.substr(i, 2).c_str(), nullptr, 16));
  }
  return bytes;
}

bool sameFloat(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  std::uint64_t x;
  std::uint64_t y;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return x == y;
}

const char* kindName(WireItem::Kind kind) {
  switch (kind) {
    case WireItem::Kind::Nil:
      return "nil";
    case WireItem::Kind::Boolean:
      return "boolean";
    case WireItem::Kind::Integer:
      return "integer";
    case WireItem::Kind::BigUnsigned:
      return "uint 64";
    case WireItem::Kind::Float:
      return "float";
    case WireItem::Kind::Str:
      return "str";
    case WireItem::Kind::Bin:
      return "bin";
    case WireItem::Kind::Array:
      return "array";
    case WireItem::Kind::Map:
      return "map";
  }
  return "?";
}

}  // namespace

WireItem itemFromJson(const Json& json) {
  WireItem item;
  switch (json.kind) {
    case Json::Kind::Null:
      return item;
    case Json::Kind::Boolean:
      item.kind = WireItem::Kind::Boolean;
      item.boolean = json.boolean;
      return item;
    case Json::Kind::Integer:
      item.kind = WireItem::Kind::Integer;
      item.integer = json.integer;
      return item;
    case Json::Kind::Number:
      throw std::runtime_error("a JSON number with a fraction does not describe a wire value");
    case Json::Kind::String:
      item.kind = WireItem::Kind::Str;
      item.bytes = json.text;
      return item;
    case Json::Kind::Array:
      item.kind = WireItem::Kind::Array;
      for (const Json& element : json.items) item.items.push_back(itemFromJson(element));
      return item;
    case Json::Kind::Object:
      break;
  }
  if (const auto* tag = tagOf(json)) {
    const std::string& text = tag->second.text;
    if (tag->first == "$int") {
      if (!text.empty() && text[0] == '-') {
        item.kind = WireItem::Kind::Integer;
        item.integer = std::strtoll(text.c_str(), nullptr, 10);
      } else {
        const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
        if (value > static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max())) {
          item.kind = WireItem::Kind::BigUnsigned;
          item.bigUnsigned = value;
        } else {
          item.kind = WireItem::Kind::Integer;
          item.integer = static_cast<std::int64_t>(value);
        }
      }
    } else if (tag->first == "$float") {
      item.kind = WireItem::Kind::Float;
      item.number = floatFromText(text);
    } else if (tag->first == "$bin") {
      item.kind = WireItem::Kind::Bin;
      item.bytes = bytesFromHex(text);
    } else if (tag->first == "$map") {
      item.kind = WireItem::Kind::Map;
      for (const Json& pair : tag->second.items) {
        item.items.push_back(itemFromJson(pair.items.at(0)));
        item.items.push_back(itemFromJson(pair.items.at(1)));
      }
    } else {
      throw std::runtime_error("unknown tag " + tag->first);
    }
    return item;
  }
  item.kind = WireItem::Kind::Map;
  for (const auto& [key, value] : json.fields) {
    WireItem keyItem;
    keyItem.kind = WireItem::Kind::Str;
    keyItem.bytes = key;
    item.items.push_back(std::move(keyItem));
    item.items.push_back(itemFromJson(value));
  }
  return item;
}

Value valueFromJson(const Json& json) {
  const WireItem item = itemFromJson(json);
  Value value;
  Error error;
  ConversionLimits limits;
  limits.maxDepth = kMaxValueDepthCeiling;
  ConversionTally tally;
  if (!worker::valueFromWire(WireItem(item), limits, worker::WirePathRoot{"value"}, tally, value, error)) {
    throw std::runtime_error("the described value is not a Lua value: " + error.message);
  }
  return value;
}

bool sameItem(const WireItem& actual, const WireItem& expected, std::string& difference, int unorderedLevels) {
  if (actual.kind != expected.kind) {
    difference = std::string("a ") + kindName(actual.kind) + " where a " + kindName(expected.kind) + " was expected";
    return false;
  }
  switch (actual.kind) {
    case WireItem::Kind::Nil:
      return true;
    case WireItem::Kind::Boolean:
      if (actual.boolean == expected.boolean) return true;
      difference = "another boolean";
      return false;
    case WireItem::Kind::Integer:
      if (actual.integer == expected.integer) return true;
      difference = std::to_string(actual.integer) + " instead of " + std::to_string(expected.integer);
      return false;
    case WireItem::Kind::BigUnsigned:
      if (actual.bigUnsigned == expected.bigUnsigned) return true;
      difference = std::to_string(actual.bigUnsigned) + " instead of " + std::to_string(expected.bigUnsigned);
      return false;
    case WireItem::Kind::Float:
      if (sameFloat(actual.number, expected.number)) return true;
      difference = "another float";
      return false;
    case WireItem::Kind::Str:
    case WireItem::Kind::Bin:
      if (actual.bytes == expected.bytes) return true;
      difference = "\"" + actual.bytes + "\" instead of \"" + expected.bytes + "\"";
      return false;
    case WireItem::Kind::Array:
    case WireItem::Kind::Map:
      break;
  }
  if (actual.items.size() != expected.items.size()) {
    difference = std::to_string(actual.items.size()) + " entries instead of " + std::to_string(expected.items.size());
    return false;
  }
  std::string inner;
  if (actual.kind == WireItem::Kind::Map && unorderedLevels > 0) {
    // Same keys (each once in a message map), in any order.
    for (std::size_t i = 0; i < expected.items.size(); i += 2) {
      const WireItem* value = nullptr;
      for (std::size_t j = 0; j < actual.items.size() && value == nullptr; j += 2) {
        if (sameItem(actual.items[j], expected.items[i], inner, 0)) value = &actual.items[j + 1];
      }
      if (value == nullptr) {
        difference = "no key \"" + expected.items[i].bytes + "\"";
        return false;
      }
      if (!sameItem(*value, expected.items[i + 1], inner, unorderedLevels - 1)) {
        difference = "\"" + expected.items[i].bytes + "\": " + inner;
        return false;
      }
    }
    return true;
  }
  for (std::size_t i = 0; i < expected.items.size(); ++i) {
    if (!sameItem(actual.items[i], expected.items[i], inner, unorderedLevels - 1)) {
      difference = "entry " + std::to_string(i) + ": " + inner;
      return false;
    }
  }
  return true;
}

std::string hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string text;
  for (const char c : bytes) {
    text += kDigits[(static_cast<unsigned char>(c) >> 4) & 0xf];
    text += kDigits[static_cast<unsigned char>(c) & 0xf];
  }
  return text;
}

}  // namespace luaward::test
