// Paths that name a place inside a converted value, for error messages:
// `result.items[3].owner`, `args[0]["content-type"]`. Shared by the core
// (Lua values) and its bindings (host values) so both read the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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

}  // namespace luaward
