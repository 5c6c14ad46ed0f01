// MessagePack items: the protocol's subset of MessagePack, enforced while a
// frame body is decoded (worker/wire_item.hpp).
#include <string>

#include "../src/worker/wire_item.hpp"
#include "check.hpp"

namespace luaward::test {
namespace {

// A message map holding `inner` under the key "v": 81 a1 76 <inner>.
std::string bodyWith(const std::string& inner) { return std::string("\x81\xa1v", 3) + inner; }

bool refused(const std::string& body) {
  try {
    worker::decodeBody(body);
    return false;
  } catch (const worker::ProtocolViolation&) {
    return true;
  }
}

LUAWARD_TEST(nestingIsBoundedAt256Levels) {
  // The message map is level 1, so 255 arrays inside it are the deepest allowed.
  const std::string deepest = bodyWith(std::string(255, '\x91') + '\xc0');
  CHECK(!refused(deepest));
  CHECK(refused(bodyWith(std::string(256, '\x91') + '\xc0')));
  // Many containers side by side are not deep.
  std::string wide = "\xdc\x01\x2c";
  for (int i = 0; i < 300; ++i) wide += '\x90';
  CHECK(!refused(bodyWith(wide)));
}

LUAWARD_TEST(containersThatClaimMoreThanTheBodyHoldsAreRefused) {
  CHECK(refused(bodyWith("\xdd\xff\xff\xff\xff\x01")));
  CHECK(refused(bodyWith("\xdf\x80\x00\x00\x00\x01\x02")));
  // Adjacent literals end a hex escape; clang-format would put each on a line of its own.
  // clang-format off
  CHECK(refused(bodyWith("\xdb\xff\xff\xff\xff" "ab")));
  CHECK(refused(bodyWith("\xc6\xff\xff\xff\xff" "ab")));
  // clang-format on
}

}  // namespace
}  // namespace luaward::test
