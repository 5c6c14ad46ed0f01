#include "wire_value.hpp"

#include <cmath>
#include <cstdio>
#include <utility>

#include "../core/value_path.hpp"

namespace luaward::worker {

namespace {

// One step from a container to one of its entries. A map key is shown from
// its converted value.
using PathLink = PathStep<const Value*>;

class ValueReader {
 public:
  ValueReader(const ConversionLimits& limits, WirePathRoot root, ConversionTally& tally, Error& error)
      : root_(root), budget_(limits, tally, ConversionBudget::Containers::Values), error_(error) {}

  bool read(WireItem& item, Value& out, const PathLink* link) {
    switch (item.kind) {
      case WireItem::Kind::Nil:
        out = Value();
        return true;
      case WireItem::Kind::Boolean:
        out = Value::boolean(item.boolean);
        return true;
      case WireItem::Kind::Integer:
        out = Value::integer(item.integer);
        return true;
      case WireItem::Kind::BigUnsigned:
        return fail(link, "cannot convert an integer above 2^63 - 1 (Lua integers are 64-bit signed)");
      case WireItem::Kind::Float:
        out = Value::number(item.number);
        return true;
      case WireItem::Kind::Str:
      case WireItem::Kind::Bin:
        if (!budget_.countBytes(item.bytes.size())) return fail(link, budget_.failure());
        out = Value::string(std::move(item.bytes));
        return true;
      case WireItem::Kind::Array:
        return readArray(item, out, link);
      case WireItem::Kind::Map:
        return readMap(item, out, link);
    }
    return fail(link, "cannot convert this value");
  }

 private:
  bool readArray(WireItem& array, Value& out, const PathLink* link) {
    if (!enter(array.items.size(), link)) return false;
    Array elements(array.items.size());
    for (std::size_t i = 0; i < elements.size(); ++i) {
      const PathLink child = PathLink::atIndex(link, static_cast<std::int64_t>(i));
      if (!read(array.items[i], elements[i], &child)) return false;
    }
    budget_.leave();
    out = Value::array(std::move(elements));
    return true;
  }

  bool readMap(WireItem& map, Value& out, const PathLink* link) {
    const std::size_t count = map.mapSize();
    if (!enter(count, link)) return false;
    bool textKeys = true;
    for (std::size_t i = 0; i < count && textKeys; ++i) textKeys = map.items[2 * i].isText();
    if (textKeys) {
      Object fields(count);
      for (std::size_t i = 0; i < count; ++i) {
        if (!budget_.countBytes(map.items[2 * i].bytes.size())) return fail(link, budget_.failure());
        fields[i].key = std::move(map.items[2 * i].bytes);
        const PathLink child = PathLink::atField(link, fields[i].key);
        if (!read(map.items[2 * i + 1], fields[i].value, &child)) return false;
      }
      out = Value::object(std::move(fields));
    } else {
      Map pairs(count);
      for (std::size_t i = 0; i < count; ++i) {
        MapEntry& pair = pairs[i];
        const PathLink intoKey = PathLink::intoKey(link);
        if (!read(map.items[2 * i], pair.key, &intoKey)) return false;
        if (pair.key.isNil()) return fail(&intoKey, "a map key that is nil cannot be a Lua table key");
        if (pair.key.type() == Value::Type::Float && std::isnan(pair.key.asFloat())) {
          return fail(&intoKey, "NaN cannot be a Lua table key");
        }
        const PathLink child = PathLink::atKey(link, &pair.key);
        if (!read(map.items[2 * i + 1], pair.value, &child)) return false;
      }
      out = Value::map(std::move(pairs));
    }
    budget_.leave();
    return true;
  }

  // Checks depth and size before descending into a container.
  bool enter(std::size_t entries, const PathLink* link) {
    if (!budget_.checkDepth() || !budget_.countEntries(entries)) return fail(link, budget_.failure());
    budget_.enter();
    return true;
  }

  static void appendMapKey(std::string& path, const Value& key) {
    switch (key.type()) {
      case Value::Type::String:
        appendQuotedSegment(path, key.asString());
        return;
      case Value::Type::Integer:
        appendIndexSegment(path, key.asInteger());
        return;
      case Value::Type::Float: {
        char text[32];
        std::snprintf(text, sizeof text, "%.17g", key.asFloat());
        appendDescribedSegment(path, text);
        return;
      }
      case Value::Type::Boolean:
        appendDescribedSegment(path, key.asBoolean() ? "true" : "false");
        return;
      default:
        appendDescribedSegment(path, "table key");
        return;
    }
  }

  bool fail(const PathLink* link, const std::string& message) {
    const auto showKey = [](std::string& path, const Value* key) { appendMapKey(path, *key); };
    error_ = conversionError(message, renderPath(root_, link, "key", showKey));
    return false;
  }

  WirePathRoot root_;
  ConversionBudget budget_;
  Error& error_;
};

}  // namespace

bool valueFromWire(WireItem&& item, const ConversionLimits& limits, WirePathRoot root, ConversionTally& tally,
                   Value& out, Error& error) {
  ValueReader reader(limits, root, tally, error);
  return reader.read(item, out, nullptr);
}

void writeValue(FrameBuffer& out, const Value& value) {
  Packer packer(out);
  switch (value.type()) {
    case Value::Type::Nil:
      packer.pack_nil();
      return;
    case Value::Type::Boolean:
      if (value.asBoolean()) {
        packer.pack_true();
      } else {
        packer.pack_false();
      }
      return;
    case Value::Type::Integer:
      packer.pack_int64(value.asInteger());
      return;
    case Value::Type::Float:
      writeFloat(out, value.asFloat());
      return;
    case Value::Type::String:
      writeBytes(out, value.asString());
      return;
    case Value::Type::Array:
      packer.pack_array(wireLength(value.asArray().size()));
      for (const Value& element : value.asArray()) writeValue(out, element);
      return;
    case Value::Type::Object:
      packer.pack_map(wireLength(value.asObject().size()));
      for (const ObjectEntry& field : value.asObject()) {
        writeBytes(out, field.key);
        writeValue(out, field.value);
      }
      return;
    case Value::Type::Map:
      packer.pack_map(wireLength(value.asMap().size()));
      for (const MapEntry& pair : value.asMap()) {
        writeValue(out, pair.key);
        writeValue(out, pair.value);
      }
      return;
  }
}

}  // namespace luaward::worker
