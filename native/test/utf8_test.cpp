// UTF-8 helpers: text from scripts repaired and cut without splitting a
// character (core/utf8.hpp).
#include "../src/core/utf8.hpp"
#include "check.hpp"

namespace luaward::test {
namespace {

LUAWARD_TEST(textFromScriptsBecomesValidUtf8) {
  CHECK(toValidUtf8("caf\xc3\xa9") == "caf\xc3\xa9");
  // Adjacent literals end a hex escape; clang-format would put each on a line of its own.
  // clang-format off
  CHECK(toValidUtf8("a\xff" "b") == "a\xef\xbf\xbd" "b");
  // clang-format on
  CHECK(isValidUtf8(toValidUtf8("\xed\xa0\x80\xc0\xaf\xf4\x90\x80\x80")));
  CHECK(utf8Prefix("\xc3\xa9\xc3\xa9", 3) == "\xc3\xa9");
  CHECK(utf8Prefix("abc", 5) == "abc");
}

}  // namespace
}  // namespace luaward::test
