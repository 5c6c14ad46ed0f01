// UTF-8, the one home for it: validation (whether Lua bytes cross as text or
// as bytes), and the repair and cutting of text that must stay valid.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace luaward {

// True when `bytes` is well-formed UTF-8 (RFC 3629): no overlong forms, no
// surrogate code points, nothing above U+10FFFF. The empty string is valid.
bool isValidUtf8(std::string_view bytes) noexcept;

// Length of the well-formed UTF-8 sequence starting at `bytes[at]` (1 for
// ASCII), or 0 when the bytes there do not start one.
std::size_t utf8SequenceLength(std::string_view bytes, std::size_t at) noexcept;

// True when every byte is below 0x80 (ASCII text is Latin-1 text as well).
bool isAscii(std::string_view bytes) noexcept;

// `bytes` as valid UTF-8: each ill-formed sequence becomes U+FFFD. For text
// that must travel as text but comes from a script (error messages).
std::string toValidUtf8(std::string_view bytes);

// The longest prefix of UTF-8 `text` of at most `maxBytes` bytes that does
// not cut a character in two.
std::string_view utf8Prefix(std::string_view text, std::size_t maxBytes) noexcept;

}  // namespace luaward
