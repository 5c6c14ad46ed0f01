// Paths that name a place inside a converted value, for error messages:
// `result.items[3].owner`, `args[0]["content-type"]`. Shared by the core
// (Lua values) and its bindings (host values) so both read the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace luaward {

// `.key` when `key` is an identifier, else `["key"]` with the key escaped
// (and shortened when long).
void appendFieldSegment(std::string& path, std::string_view key);

// `["key"]`, always quoted: a string key of a map.
void appendQuotedSegment(std::string& path, std::string_view key);

// `[index]`.
void appendIndexSegment(std::string& path, std::int64_t index);

// `[text]`, for keys shown by description (`[true]`, `[1.5]`, `[table]`).
void appendDescribedSegment(std::string& path, std::string_view text);

// Names the converted value at the start of a path: `result`, or `args` with
// index 2 for `args[2]`.
struct PathRoot {
  std::string_view name;
  std::int64_t index = -1;  // none when negative
};

// One step from a container to one of its entries. A converter builds the
// chain on the C stack as it descends and turns it into text only when the
// conversion fails. `KeyRef` is how the converter finds a key it shows only
// then (a Lua stack index, a JavaScript value, a converted value).
template <typename KeyRef>
struct PathStep {
  enum class Kind { Index, Field, Key, IntoKey };

  const PathStep* parent;
  Kind kind;
  std::int64_t index = 0;
  std::string_view field;
  KeyRef key{};

  // `[index]`.
  static PathStep atIndex(const PathStep* parent, std::int64_t index) { return {parent, Kind::Index, index, {}, {}}; }
  // `.name` or `["name"]`.
  static PathStep atField(const PathStep* parent, std::string_view name) { return {parent, Kind::Field, 0, name, {}}; }
  // The value of the entry with key `key`, shown as the converter decides.
  static PathStep atKey(const PathStep* parent, KeyRef key) { return {parent, Kind::Key, 0, {}, key}; }
  // Into the key itself of an entry.
  static PathStep intoKey(const PathStep* parent) { return {parent, Kind::IntoKey, 0, {}, {}}; }
};

// The path from `root` down to `last` (none when null). `appendKey(path,
// key)` shows a Key step; an IntoKey step shows as `[intoKeyLabel]`.
template <typename KeyRef, typename AppendKey>
std::string renderPath(PathRoot root, const PathStep<KeyRef>* last, std::string_view intoKeyLabel,
                       AppendKey&& appendKey) {
  std::vector<const PathStep<KeyRef>*> steps;
  for (const PathStep<KeyRef>* step = last; step != nullptr; step = step->parent) steps.push_back(step);
  std::string path(root.name);
  if (root.index >= 0) appendIndexSegment(path, root.index);
  for (auto step = steps.rbegin(); step != steps.rend(); ++step) {
    switch ((*step)->kind) {
      case PathStep<KeyRef>::Kind::Index:
        appendIndexSegment(path, (*step)->index);
        break;
      case PathStep<KeyRef>::Kind::Field:
        appendFieldSegment(path, (*step)->field);
        break;
      case PathStep<KeyRef>::Kind::Key:
        appendKey(path, (*step)->key);
        break;
      case PathStep<KeyRef>::Kind::IntoKey:
        appendDescribedSegment(path, intoKeyLabel);
        break;
    }
  }
  return path;
}

}  // namespace luaward
