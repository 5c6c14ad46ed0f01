#include "host_messages.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "../core/engine_options.hpp"
#include "../core/utf8.hpp"

namespace luaward::worker {

namespace {

// How an item is shown in errors, without echoing it whole (it may be large,
// or a script's text).
std::string describe(const WireItem& item) {
  switch (item.kind) {
    case WireItem::Kind::Nil:
      return "nil";
    case WireItem::Kind::Boolean:
      return item.boolean ? "true" : "false";
    case WireItem::Kind::Integer:
      return std::to_string(item.integer);
    case WireItem::Kind::BigUnsigned:
      return std::to_string(item.bigUnsigned);
    case WireItem::Kind::Float: {
      char text[40];
      std::snprintf(text, sizeof text, "the float %.17g", item.number);
      return text;
    }
    case WireItem::Kind::Str: {
      std::string shown(utf8Prefix(item.bytes, 60));
      return "\"" + shown + (shown.size() < item.bytes.size() ? "...\"" : "\"");
    }
    case WireItem::Kind::Bin:
      return "a bin of " + std::to_string(item.bytes.size()) + " bytes";
    case WireItem::Kind::Array:
      return "an array of " + std::to_string(item.items.size());
    case WireItem::Kind::Map:
      return "a map";
  }
  return "an item";
}

// The entries of a message map or of a record inside one, taken field by
// field; whatever is left at the end is an unknown field.
class Fields {
 public:
  Fields(WireItem& map, std::string context) : context_(std::move(context)) {
    entries_.reserve(map.mapSize());
    for (std::size_t i = 0; i < map.mapSize(); ++i) {
      WireItem& key = map.items[2 * i];
      if (!key.isText())
        throw ProtocolViolation(context_ + " must be a map with str keys, got the key " + describe(key));
      for (const Entry& entry : entries_) {
        if (entry.key == key.bytes) throw ProtocolViolation(context_ + " repeats the field \"" + key.bytes + "\"");
      }
      entries_.push_back(Entry{key.bytes, &map.items[2 * i + 1], false});
    }
  }

  const std::string& context() const { return context_; }
  void setContext(std::string context) { context_ = std::move(context); }

  // The field, or null when it is absent.
  WireItem* find(std::string_view name) {
    for (Entry& entry : entries_) {
      if (entry.key == name) {
        entry.taken = true;
        return entry.value;
      }
    }
    return nullptr;
  }

  WireItem& require(std::string_view name) {
    WireItem* item = find(name);
    if (item == nullptr) throw ProtocolViolation(context_ + " lacks the field \"" + std::string(name) + "\"");
    return *item;
  }

  // Refuses fields the message does not define.
  void finish() const {
    for (const Entry& entry : entries_) {
      if (!entry.taken)
        throw ProtocolViolation(context_ + " has an unknown field \"" + std::string(utf8Prefix(entry.key, 60)) + "\"");
    }
  }

  [[noreturn]] void reject(std::string_view name, std::string_view expected, const WireItem& got) const {
    throw ProtocolViolation(context_ + ": \"" + std::string(name) + "\" must be " + std::string(expected) + ", got " +
                            describe(got));
  }

 private:
  struct Entry {
    std::string_view key;
    WireItem* value;
    bool taken;
  };
  std::string context_;
  std::vector<Entry> entries_;
};

// How a range is named in errors, as the TypeScript codec names it.
std::string rangeText(std::uint64_t min, std::uint64_t max) {
  if (max == kMaxSafeInteger) return "an integer of at least " + std::to_string(min);
  return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

std::uint64_t integerIn(Fields& fields, std::string_view name, const WireItem& item, std::uint64_t min,
                        std::uint64_t max) {
  if (item.kind != WireItem::Kind::Integer || item.integer < 0 || static_cast<std::uint64_t>(item.integer) < min ||
      static_cast<std::uint64_t>(item.integer) > max) {
    fields.reject(name, rangeText(min, max), item);
  }
  return static_cast<std::uint64_t>(item.integer);
}

std::uint64_t integerField(Fields& fields, std::string_view name, std::uint64_t min, std::uint64_t max) {
  return integerIn(fields, name, fields.require(name), min, max);
}

std::uint32_t idField(Fields& fields) {
  return static_cast<std::uint32_t>(integerField(fields, "id", 1, kMaxRequestId));
}

// nil for no limit, or an integer from `min` to `max`.
Limit limitIn(Fields& fields, std::string_view name, const WireItem& item, std::uint64_t min,
              std::uint64_t max = kMaxSafeInteger) {
  if (item.kind == WireItem::Kind::Nil) return std::nullopt;
  if (item.kind != WireItem::Kind::Integer || item.integer < 0 || static_cast<std::uint64_t>(item.integer) < min ||
      static_cast<std::uint64_t>(item.integer) > max) {
    fields.reject(name, rangeText(min, max) + ", or nil for no limit", item);
  }
  return static_cast<std::uint64_t>(item.integer);
}

// One limit of a Lua state, in the range kWireLimitFields gives it.
Limit wireLimitField(Fields& fields, const WireLimitField& limit) {
  if (limit.unlimited) return limitIn(fields, limit.name, fields.require(limit.name), limit.min, limit.max);
  return integerField(fields, limit.name, limit.min, limit.max);
}

std::optional<Limit> optionalLimitField(Fields& fields, std::string_view name) {
  const WireItem* item = fields.find(name);
  if (item == nullptr) return std::nullopt;
  return limitIn(fields, name, *item, 1);
}

std::string textField(Fields& fields, std::string_view name) {
  WireItem& item = fields.require(name);
  if (!item.isText()) fields.reject(name, "a str", item);
  return std::move(item.bytes);
}

std::string nameField(Fields& fields) {
  WireItem& item = fields.require("name");
  if (!item.isText() || item.bytes.empty()) fields.reject("name", "a non-empty str", item);
  return std::move(item.bytes);
}

std::string textOrBytesField(Fields& fields, std::string_view name) {
  WireItem& item = fields.require(name);
  if (item.kind != WireItem::Kind::Str && item.kind != WireItem::Kind::Bin) fields.reject(name, "a str or a bin", item);
  return std::move(item.bytes);
}

std::vector<WireItem> valueListField(Fields& fields, std::string_view name) {
  WireItem& item = fields.require(name);
  if (item.kind != WireItem::Kind::Array) fields.reject(name, "an array of values", item);
  return std::move(item.items);
}

WireItem& recordField(Fields& fields, std::string_view name) {
  WireItem& item = fields.require(name);
  if (item.kind != WireItem::Kind::Map) fields.reject(name, "a map with str keys", item);
  return item;
}

// A list of distinct strs, each accepted by `accept`.
template <class Accept>
std::vector<std::string> distinctTexts(Fields& fields, std::string_view name, std::string_view expected,
                                       Accept accept) {
  WireItem& item = fields.require(name);
  bool ok = item.kind == WireItem::Kind::Array;
  for (std::size_t i = 0; ok && i < item.items.size(); ++i) {
    const WireItem& entry = item.items[i];
    ok = entry.isText() && accept(entry.bytes);
    for (std::size_t j = 0; ok && j < i; ++j) ok = item.items[j].bytes != entry.bytes;
  }
  if (!ok) fields.reject(name, expected, item);
  std::vector<std::string> texts;
  texts.reserve(item.items.size());
  for (WireItem& entry : item.items) texts.push_back(std::move(entry.bytes));
  return texts;
}

struct LibraryName {
  const char* name;
  Library bit;
};
constexpr std::array<LibraryName, 6> kLibraries{{
    {"base", kLibraryBase},
    {"string", kLibraryString},
    {"table", kLibraryTable},
    {"math", kLibraryMath},
    {"utf8", kLibraryUtf8},
    {"coroutine", kLibraryCoroutine},
}};

unsigned librariesField(Fields& fields) {
  const auto known = [](const std::string& name) {
    return std::any_of(kLibraries.begin(), kLibraries.end(),
                       [&](const LibraryName& library) { return name == library.name; });
  };
  const std::vector<std::string> names = distinctTexts(
      fields, "libs", "an array of distinct library names (base, string, table, math, utf8, coroutine)", known);
  unsigned bits = kLibraryBase;
  for (const std::string& name : names) {
    for (const LibraryName& library : kLibraries) {
      if (name == library.name) bits |= library.bit;
    }
  }
  return bits;
}

bool isLuaName(const std::string& text) {
  static constexpr std::array<const char*, 22> kKeywords{
      "and", "break", "do",  "else", "elseif", "end",    "false",  "for",  "function", "goto",  "if",
      "in",  "local", "nil", "not",  "or",     "repeat", "return", "then", "true",     "until", "while",
  };
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return false;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return std::none_of(kKeywords.begin(), kKeywords.end(), [&](const char* keyword) { return text == keyword; });
}

std::vector<std::string> callbacksField(Fields& fields) {
  return distinctTexts(
      fields, "callbacks",
      "an array of distinct Lua names (letters, digits and underscores, not starting with a digit, not "
      "a keyword)",
      isLuaName);
}

InitOptions initOptions(WireItem& record, const std::string& context) {
  Fields fields(record, context + ", \"options\"");
  InitOptions options;
  for (const WireLimitField& limit : kWireLimitFields) options.limits.*limit.member = wireLimitField(fields, limit);
  options.libraries = librariesField(fields);
  options.callbacks = callbacksField(fields);
  options.maxFrameLength =
      static_cast<std::uint32_t>(integerField(fields, "maxFrameLength", kMinMaxFrameLength, kMaxMaxFrameLength));
  fields.finish();
  return options;
}

HostMessage decodeFields(const std::string& type, Fields& fields) {
  if (type == "init") {
    InitRequest request{idField(fields), {}};
    request.options = initOptions(recordField(fields, "options"), fields.context());
    return request;
  }
  if (type == "execute") {
    ExecuteRequest request{idField(fields), {}, {}, {}};
    request.code = textOrBytesField(fields, "code");
    request.chunkName = textField(fields, "chunkName");
    request.instructionLimit = optionalLimitField(fields, "instructionLimit");
    return request;
  }
  if (type == "call") {
    CallRequest request{idField(fields), {}, {}, {}};
    request.name = nameField(fields);
    request.args = valueListField(fields, "args");
    request.instructionLimit = optionalLimitField(fields, "instructionLimit");
    return request;
  }
  if (type == "exists") return ExistsRequest{idField(fields), nameField(fields)};
  if (type == "getGlobal") return GetGlobalRequest{idField(fields), nameField(fields)};
  if (type == "setGlobal") {
    SetGlobalRequest request{idField(fields), {}, {}};
    request.name = nameField(fields);
    request.value = std::move(fields.require("value"));
    return request;
  }
  if (type == "stats") return StatsRequest{idField(fields)};
  if (type == "callbackResult") {
    CallbackResult reply{idField(fields), {}};
    reply.value = std::move(fields.require("value"));
    return reply;
  }
  if (type == "callbackError") {
    CallbackError reply{idField(fields), {}};
    reply.message = textField(fields, "message");
    return reply;
  }
  if (type == "interrupt") return Interrupt{idField(fields)};
  if (type == "shutdown") return Shutdown{};
  throw ProtocolViolation("unknown host message type \"" + std::string(utf8Prefix(type, 60)) + "\"");
}

}  // namespace

HostMessage decodeHostMessage(std::string_view body) {
  WireItem root = decodeBody(body);
  Fields fields(root, "a host message");
  WireItem* type = fields.find("type");
  if (type == nullptr || !type->isText()) throw ProtocolViolation("a host message must have a str field \"type\"");
  const std::string name = std::move(type->bytes);
  // Errors about the other fields name the message type.
  fields.setContext("host message \"" + std::string(utf8Prefix(name, 60)) + "\"");
  HostMessage message = decodeFields(name, fields);
  fields.finish();
  return message;
}

}  // namespace luaward::worker
