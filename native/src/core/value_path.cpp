#include "value_path.hpp"

#include <cstdio>

#include "utf8.hpp"

namespace luaward {

namespace {

// Keys longer than this are shortened in paths: a script controls them.
constexpr std::size_t kMaxKeyInPath = 64;

bool isIdentifier(std::string_view key) {
  if (key.empty()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(key[i]);
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

// Quotes `key`, escaping quotes, control characters and, when the key is not
// UTF-8, every byte above 0x7F: the path must stay valid text.
void appendQuoted(std::string& path, std::string_view key) {
  const bool text = isValidUtf8(key);
  std::size_t length = key.size() < kMaxKeyInPath ? key.size() : kMaxKeyInPath;
  // Do not cut a UTF-8 sequence in two.
  while (text && length < key.size() && length > 0 && (static_cast<unsigned char>(key[length]) & 0xC0) == 0x80)
    --length;
  const std::string_view shown = key.substr(0, length);
  path += '"';
  for (const char ch : shown) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      path += '\\';
      path += ch;
    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !text)) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", c);
      path += escaped;
    } else {
      path += ch;
    }
  }
  if (shown.size() < key.size()) path += "...";
  path += '"';
}

}  // namespace

void appendFieldSegment(std::string& path, std::string_view key) {
  if (isIdentifier(key) && key.size() <= kMaxKeyInPath) {
    path += '.';
    path += key;
    return;
  }
  appendQuotedSegment(path, key);
}

void appendQuotedSegment(std::string& path, std::string_view key) {
  path += '[';
  appendQuoted(path, key);
  path += ']';
}

void appendIndexSegment(std::string& path, std::int64_t index) {
  path += '[';
  path += std::to_string(index);
  path += ']';
}

void appendDescribedSegment(std::string& path, std::string_view text) {
  path += '[';
  path += text;
  path += ']';
}

}  // namespace luaward
