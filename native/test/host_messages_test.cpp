// Host messages: the refusals that name the message and the field at fault
// (worker/host_messages.hpp).
#include <string>

#include "../src/worker/host_messages.hpp"
#include "check.hpp"
#include "wire_items.hpp"

namespace luaward::test {
namespace {

std::string refusalOf(const std::string& body) {
  try {
    worker::decodeHostMessage(body);
  } catch (const worker::ProtocolViolation& violation) {
    return violation.what();
  }
  return "";
}

LUAWARD_TEST(fieldErrorsNameTheMessageAndTheField) {
  // {type: "stats", id: 0}
  const std::string zeroId = bytes("\x82\xa4type\xa5stats\xa2id\x00");
  CHECK(refusalOf(zeroId) == "host message \"stats\": \"id\" must be an integer from 1 to 4294967295, got 0");
  // Adjacent literals end a hex escape; clang-format would put each on a line of its own.
  // clang-format off
  // {type: "exists", id: 1, name: "f", extra: 1}
  const std::string extra = bytes("\x84\xa4type\xa6" "exists\xa2id\x01\xa4name\xa1" "f\xa5" "extra\x01");
  CHECK(refusalOf(extra) == "host message \"exists\" has an unknown field \"extra\"");
  // {type: "exists", id: 1}
  const std::string missing = bytes("\x82\xa4type\xa6" "exists\xa2id\x01");
  // clang-format on
  CHECK(refusalOf(missing) == "host message \"exists\" lacks the field \"name\"");
}

}  // namespace
}  // namespace luaward::test
