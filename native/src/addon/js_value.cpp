#include "js_value.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "../core/utf8.hpp"
#include "../core/value_path.hpp"
#include "addon.hpp"

namespace luaward::addon {

namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1

// One step from a container to one of its values. A Map key is shown from
// the JavaScript value.
using PathLink = PathStep<napi_value>;

class JsReader {
 public:
  JsReader(napi_env env, const ConversionLimits& limits, JsPathRoot root, ConversionTally& tally, Error& error)
      : env_(env),
        addon_(Addon::of(Napi::Env(env))),
        root_(root),
        budget_(limits, tally, ConversionBudget::Containers::Values),
        error_(error) {}

  bool read(napi_value value, Value& out, const PathLink* link) {
    napi_valuetype type;
    if (!ok(napi_typeof(env_, value, &type), link)) return false;
    switch (type) {
      case napi_undefined:
      case napi_null:
        out = Value();
        return true;
      case napi_boolean: {
        bool b;
        if (!ok(napi_get_value_bool(env_, value, &b), link)) return false;
        out = Value::boolean(b);
        return true;
      }
      case napi_number: {
        double d;
        if (!ok(napi_get_value_double(env_, value, &d), link)) return false;
        out = fromNumber(d);
        return true;
      }
      case napi_bigint: {
        std::int64_t i;
        bool lossless;
        if (!ok(napi_get_value_bigint_int64(env_, value, &i, &lossless), link)) return false;
        if (!lossless) return fail(link, "cannot convert a BigInt outside the 64-bit integer range");
        out = Value::integer(i);
        return true;
      }
      case napi_string: {
        std::string text;
        if (!readString(value, text, link)) return false;
        out = Value::string(std::move(text));
        return countBytes(out.asString().size(), link);
      }
      case napi_object:
        return readObject(value, out, link);
      case napi_function:
        return fail(link, "cannot convert a function");
      case napi_symbol:
        return fail(link, "cannot convert a symbol");
      default:
        return fail(link, "cannot convert an external value");
    }
  }

 private:
  // An integer-valued safe number is a Lua integer; anything else (and -0)
  // a float.
  static Value fromNumber(double d) {
    if (d >= -kMaxSafeInteger && d <= kMaxSafeInteger && std::trunc(d) == d && !(d == 0.0 && std::signbit(d))) {
      return Value::integer(static_cast<std::int64_t>(d));
    }
    return Value::number(d);
  }

  bool readString(napi_value value, std::string& text, const PathLink* link) {
    std::size_t length;
    if (!ok(napi_get_value_string_utf8(env_, value, nullptr, 0, &length), link)) return false;
    text.resize(length);
    // The buffer includes the terminating NUL that std::string keeps anyway.
    return ok(napi_get_value_string_utf8(env_, value, text.data(), length + 1, &length), link);
  }

  bool readObject(napi_value value, Value& out, const PathLink* link) {
    bool isArray;
    if (!ok(napi_is_array(env_, value, &isArray), link)) return false;
    if (isArray) return readArray(value, out, link);

    bool isTypedArray;
    if (!ok(napi_is_typedarray(env_, value, &isTypedArray), link)) return false;
    if (isTypedArray) {
      napi_typedarray_type kind;
      std::size_t length;
      void* data;
      if (!ok(napi_get_typedarray_info(env_, value, &kind, &length, &data, nullptr, nullptr), link)) return false;
      if (kind != napi_uint8_array) return fail(link, "cannot convert an instance of " + className(value));
      if (!countBytes(length, link)) return false;
      out = Value::string(std::string(static_cast<const char*>(data), length));
      return true;
    }

    napi_value prototype;
    if (!ok(napi_get_prototype(env_, value, &prototype), link)) return false;
    bool plain;
    if (!ok(napi_strict_equals(env_, prototype, addon_.objectPrototype.Value(), &plain), link)) return false;
    if (!plain) {
      napi_valuetype prototypeType;
      if (!ok(napi_typeof(env_, prototype, &prototypeType), link)) return false;
      plain = prototypeType == napi_null;
    }
    if (plain) return readPlainObject(value, out, link);

    bool isMap;
    if (!ok(napi_instanceof(env_, value, addon_.mapConstructor.Value(), &isMap), link)) return false;
    if (isMap) return readMap(value, out, link);
    return fail(link, "cannot convert an instance of " + className(value));
  }

  bool readArray(napi_value array, Value& out, const PathLink* link) {
    std::uint32_t length;
    if (!ok(napi_get_array_length(env_, array, &length), link)) return false;
    if (!enter(array, length, link)) return false;
    Array items(length);
    for (std::uint32_t i = 0; i < length; ++i) {
      napi_value element;
      const PathLink child = PathLink::atIndex(link, i);
      if (!ok(napi_get_element(env_, array, i, &element), &child) || !read(element, items[i], &child)) return false;
    }
    leave();
    out = Value::array(std::move(items));
    return true;
  }

  bool readPlainObject(napi_value object, Value& out, const PathLink* link) {
    napi_value names;
    if (!ok(napi_get_all_property_names(env_, object, napi_key_own_only,
                                        static_cast<napi_key_filter>(napi_key_enumerable | napi_key_skip_symbols),
                                        napi_key_numbers_to_strings, &names),
            link)) {
      return false;
    }
    std::uint32_t count;
    if (!ok(napi_get_array_length(env_, names, &count), link)) return false;
    if (!enter(object, count, link)) return false;
    Object fields;
    fields.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      napi_value name;
      napi_value field;
      fields.push_back(ObjectEntry{});
      ObjectEntry& entry = fields.back();
      if (!ok(napi_get_element(env_, names, i, &name), link) || !readString(name, entry.key, link) ||
          !countBytes(entry.key.size(), link)) {
        return false;
      }
      const PathLink child = PathLink::atField(link, entry.key);
      if (!ok(napi_get_property(env_, object, name, &field), &child) || !read(field, entry.value, &child)) return false;
    }
    leave();
    out = Value::object(std::move(fields));
    return true;
  }

  bool readMap(napi_value map, Value& out, const PathLink* link) {
    napi_value flat;
    napi_value receiver;
    napi_value argv[] = {map};
    if (!ok(napi_get_undefined(env_, &receiver), link) ||
        !ok(napi_call_function(env_, receiver, addon_.flattenMap.Value(), 1, argv, &flat), link)) {
      return false;
    }
    std::uint32_t length;
    if (!ok(napi_get_array_length(env_, flat, &length), link)) return false;
    if (!enter(map, length / 2, link)) return false;
    Map pairs(length / 2);
    for (std::uint32_t i = 0; i + 1 < length; i += 2) {
      napi_value key;
      napi_value value;
      if (!ok(napi_get_element(env_, flat, i, &key), link) || !ok(napi_get_element(env_, flat, i + 1, &value), link)) {
        return false;
      }
      MapEntry& pair = pairs[i / 2];
      const PathLink intoKey = PathLink::intoKey(link);
      if (!read(key, pair.key, &intoKey)) return false;
      if (pair.key.isNil()) return fail(&intoKey, "a Map key that is null or undefined cannot be a Lua table key");
      if (pair.key.type() == Value::Type::Float && std::isnan(pair.key.asFloat())) {
        return fail(&intoKey, "NaN cannot be a Lua table key");
      }
      const PathLink child = PathLink::atKey(link, key);
      if (!read(value, pair.value, &child)) return false;
    }
    leave();
    out = Value::map(std::move(pairs));
    return true;
  }

  // Checks depth, cycles and size before descending into a container.
  bool enter(napi_value container, std::uint64_t entries, const PathLink* link) {
    if (!budget_.checkDepth()) return fail(link, budget_.failure());
    for (napi_value ancestor : ancestors_) {
      bool same;
      if (!ok(napi_strict_equals(env_, ancestor, container, &same), link)) return false;
      if (same) return fail(link, "cannot convert a value that contains itself (a cycle)");
    }
    if (!budget_.countEntries(entries)) return fail(link, budget_.failure());
    ancestors_.push_back(container);
    budget_.enter();
    return true;
  }

  void leave() {
    budget_.leave();
    ancestors_.pop_back();
  }

  bool countBytes(std::size_t length, const PathLink* link) {
    return budget_.countBytes(length) || fail(link, budget_.failure());
  }

  std::string className(napi_value value) {
    napi_value constructor;
    napi_value name;
    napi_valuetype type;
    if (napi_get_named_property(env_, value, "constructor", &constructor) == napi_ok &&
        napi_typeof(env_, constructor, &type) == napi_ok && type == napi_function &&
        napi_get_named_property(env_, constructor, "name", &name) == napi_ok &&
        napi_typeof(env_, name, &type) == napi_ok && type == napi_string) {
      std::string text;
      std::size_t length;
      if (napi_get_value_string_utf8(env_, name, nullptr, 0, &length) == napi_ok && length > 0 && length < 128) {
        text.resize(length);
        napi_get_value_string_utf8(env_, name, text.data(), length + 1, &length);
        return text;
      }
    }
    // A getter may have thrown; that is no reason to fail differently.
    napi_value ignored;
    napi_get_and_clear_last_exception(env_, &ignored);
    return "a class";
  }

  void appendMapKey(std::string& path, napi_value key) {
    napi_valuetype type;
    if (napi_typeof(env_, key, &type) != napi_ok) type = napi_undefined;
    std::size_t length;
    if (type == napi_string && napi_get_value_string_utf8(env_, key, nullptr, 0, &length) == napi_ok) {
      std::string text(length, '\0');
      napi_get_value_string_utf8(env_, key, text.data(), length + 1, &length);
      appendQuotedSegment(path, text);
      return;
    }
    if (type == napi_number) {
      double d;
      napi_get_value_double(env_, key, &d);
      char text[32];
      std::snprintf(text, sizeof text, "%.17g", d);
      appendDescribedSegment(path, text);
      return;
    }
    if (type == napi_boolean) {
      bool b;
      napi_get_value_bool(env_, key, &b);
      appendDescribedSegment(path, b ? "true" : "false");
      return;
    }
    appendDescribedSegment(path, type == napi_null ? "null" : type == napi_undefined ? "undefined" : "object key");
  }

  bool fail(const PathLink* link, const std::string& message) {
    const auto showKey = [this](std::string& path, napi_value key) { appendMapKey(path, key); };
    error_ = conversionError(message, renderPath(root_, link, "key", showKey));
    return false;
  }

  // A failed Node-API call leaves a JavaScript exception pending (a getter
  // or a Proxy trap threw); the caller lets it propagate.
  bool ok(napi_status status, const PathLink* link) {
    if (status == napi_ok) return true;
    bool pending = false;
    napi_is_exception_pending(env_, &pending);
    if (!pending) fail(link, "cannot read this value");
    return false;
  }

  napi_env env_;
  Addon& addon_;
  JsPathRoot root_;
  ConversionBudget budget_;
  Error& error_;
  std::vector<napi_value> ancestors_;
};

class JsWriter {
 public:
  JsWriter(napi_env env, Error& error) : env_(env), addon_(Addon::of(Napi::Env(env))), error_(error) {}

  napi_value write(const Value& value) {
    napi_value result = nullptr;
    switch (value.type()) {
      case Value::Type::Nil:
        return ok(napi_get_null(env_, &result)) ? result : nullptr;
      case Value::Type::Boolean:
        return ok(napi_get_boolean(env_, value.asBoolean(), &result)) ? result : nullptr;
      case Value::Type::Integer: {
        const std::int64_t i = value.asInteger();
        if (i >= -static_cast<std::int64_t>(kMaxSafeInteger) && i <= static_cast<std::int64_t>(kMaxSafeInteger)) {
          return ok(napi_create_double(env_, static_cast<double>(i), &result)) ? result : nullptr;
        }
        return ok(napi_create_bigint_int64(env_, i, &result)) ? result : nullptr;
      }
      case Value::Type::Float:
        return ok(napi_create_double(env_, value.asFloat(), &result)) ? result : nullptr;
      case Value::Type::String:
        return writeString(value.asString());
      case Value::Type::Array:
        return writeArray(value.asArray());
      case Value::Type::Object:
        return writeObject(value.asObject());
      case Value::Type::Map:
        return writeMap(value.asMap());
    }
    return nullptr;
  }

 private:
  // UTF-8 text becomes a string (ASCII through the faster Latin-1 path); any
  // other bytes become a Uint8Array.
  napi_value writeString(const std::string& bytes) {
    napi_value result = nullptr;
    napi_status status;
    if (isAscii(bytes)) {
      status = napi_create_string_latin1(env_, bytes.data(), bytes.size(), &result);
    } else if (isValidUtf8(bytes)) {
      status = napi_create_string_utf8(env_, bytes.data(), bytes.size(), &result);
    } else {
      return writeBytes(bytes);
    }
    if (status != napi_ok && !pending()) {
      error_ = Error::make(ErrorKind::Conversion, "a Lua string of " + std::to_string(bytes.size()) +
                                                      " bytes is too long for a JavaScript string");
      return nullptr;
    }
    return result;
  }

  napi_value writeBytes(const std::string& bytes) {
    void* data;
    napi_value buffer;
    napi_value result = nullptr;
    if (!ok(napi_create_arraybuffer(env_, bytes.size(), &data, &buffer))) return nullptr;
    if (!bytes.empty()) std::memcpy(data, bytes.data(), bytes.size());
    return ok(napi_create_typedarray(env_, napi_uint8_array, bytes.size(), buffer, 0, &result)) ? result : nullptr;
  }

  napi_value writeArray(const Array& items) {
    napi_value array;
    if (!ok(napi_create_array_with_length(env_, items.size(), &array))) return nullptr;
    for (std::size_t i = 0; i < items.size(); ++i) {
      napi_value item = write(items[i]);
      if (item == nullptr || !ok(napi_set_element(env_, array, static_cast<std::uint32_t>(i), item))) {
        return nullptr;
      }
    }
    return array;
  }

  // Properties are defined, not assigned: a key "__proto__" becomes an own
  // property instead of changing the object's prototype.
  napi_value writeObject(const Object& fields) {
    napi_value object;
    if (!ok(napi_create_object(env_, &object))) return nullptr;
    if (fields.empty()) return object;
    std::vector<napi_property_descriptor> properties(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i) {
      napi_value name;
      if (!ok(napi_create_string_utf8(env_, fields[i].key.data(), fields[i].key.size(), &name))) return nullptr;
      napi_value value = write(fields[i].value);
      if (value == nullptr) return nullptr;
      properties[i] =
          napi_property_descriptor{nullptr, name, nullptr, nullptr, nullptr, value, napi_default_jsproperty, nullptr};
    }
    if (!ok(napi_define_properties(env_, object, properties.size(), properties.data()))) return nullptr;
    return object;
  }

  napi_value writeMap(const Map& pairs) {
    napi_value map;
    if (!ok(napi_new_instance(env_, addon_.mapConstructor.Value(), 0, nullptr, &map))) return nullptr;
    napi_value set = addon_.mapSet.Value();
    for (const MapEntry& pair : pairs) {
      napi_value argv[2] = {write(pair.key), nullptr};
      if (argv[0] == nullptr) return nullptr;
      argv[1] = write(pair.value);
      napi_value ignored;
      if (argv[1] == nullptr || !ok(napi_call_function(env_, map, set, 2, argv, &ignored))) return nullptr;
    }
    return map;
  }

  bool pending() const {
    bool pending = false;
    napi_is_exception_pending(env_, &pending);
    return pending;
  }

  bool ok(napi_status status) {
    if (status == napi_ok) return true;
    if (!pending()) error_ = Error::make(ErrorKind::Conversion, "cannot create the JavaScript value");
    return false;
  }

  napi_env env_;
  Addon& addon_;
  Error& error_;
};

}  // namespace

bool readJsValue(Napi::Env env, napi_value value, const ConversionLimits& limits, JsPathRoot root,
                 ConversionTally& tally, Value& out, Error& error) {
  JsReader reader(env, limits, root, tally, error);
  return reader.read(value, out, nullptr);
}

napi_value writeJsValue(Napi::Env env, const Value& value, Error& error) {
  JsWriter writer(env, error);
  return writer.write(value);
}

}  // namespace luaward::addon
