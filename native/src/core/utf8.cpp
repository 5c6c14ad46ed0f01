#include "utf8.hpp"

#include <cstdint>
#include <cstring>

namespace luaward {

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// Index of the first byte at or after `i` that is not ASCII, eight bytes at a
// time: most strings a script returns are plain ASCII.
std::size_t skipAscii(const unsigned char* s, std::size_t n, std::size_t i) noexcept {
  while (i + 8 <= n) {
    std::uint64_t chunk;
    std::memcpy(&chunk, s + i, sizeof chunk);
    if (chunk & kHighBits) break;
    i += 8;
  }
  while (i < n && s[i] < 0x80) ++i;
  return i;
}

bool isContinuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

}  // namespace

bool isAscii(std::string_view bytes) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  return skipAscii(s, bytes.size(), 0) == bytes.size();
}

std::size_t utf8SequenceLength(std::string_view bytes, std::size_t at) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  const unsigned char lead = s[at];
  if (lead < 0x80) return 1;
  // The allowed range of the second byte depends on the lead byte; it is
  // what excludes overlong forms, surrogates and code points past U+10FFFF.
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  std::size_t length;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (n - at < length || s[at + 1] < low || s[at + 1] > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!isContinuation(s[at + k])) return 0;
  }
  return length;
}

bool isValidUtf8(std::string_view bytes) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while ((i = skipAscii(s, n, i)) < n) {
    const std::size_t length = utf8SequenceLength(bytes, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string toValidUtf8(std::string_view bytes) {
  if (isValidUtf8(bytes)) return std::string(bytes);
  std::string text;
  text.reserve(bytes.size() + 8);
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t length = utf8SequenceLength(bytes, i);
    if (length == 0) {
      text += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      text.append(bytes.data() + i, length);
      i += length;
    }
  }
  return text;
}

std::string_view utf8Prefix(std::string_view text, std::size_t maxBytes) noexcept {
  if (text.size() <= maxBytes) return text;
  std::size_t length = maxBytes;
  while (length > 0 && isContinuation(static_cast<unsigned char>(text[length]))) --length;
  return text.substr(0, length);
}

}  // namespace luaward
