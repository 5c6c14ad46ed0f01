// Worker messages: frames bounded by the host's maxFrameLength, and errors
// shortened to fit the smallest frame (worker/worker_messages.hpp).
#include <string>
#include <vector>

#include "../src/worker/frame_channel.hpp"
#include "../src/worker/wire_item.hpp"
#include "../src/worker/worker_messages.hpp"
#include "check.hpp"

namespace luaward::test {
namespace {

using worker::WireItem;

LUAWARD_TEST(framesStopAtThePeersLimit) {
  std::vector<Value> values;
  values.push_back(Value::string(std::string(300, 'x')));
  bool tooLong = false;
  try {
    worker::encodeResult(1, values, 256);
  } catch (const worker::FrameTooLong& error) {
    tooLong = error.limit() == 256;
  }
  CHECK(tooLong);
}

LUAWARD_TEST(errorsAreShortenedToFitTheSmallestFrame) {
  worker::WireError error;
  error.code = worker::WireErrorCode::InstructionLimit;
  error.message = std::string(5000, 'm');
  error.traceback = std::string(5000, 't');
  error.path = std::string(5000, 'p');
  error.chunkName = std::string(5000, 'c');
  error.line = 7;
  error.limit = 1000;
  error.callbackId = 9;
  const std::string frame = worker::encodeError(42, error, worker::kMinMaxFrameLength);
  const std::string body = frame.substr(worker::kFrameHeaderLength);
  CHECK(body.size() <= worker::kMinMaxFrameLength);
  const WireItem decoded = worker::decodeBody(body);
  bool hasCode = false;
  bool hasLimit = false;
  bool hasTraceback = false;
  for (std::size_t i = 0; i < decoded.items.size(); i += 2) {
    const std::string& key = decoded.items[i].bytes;
    const WireItem& value = decoded.items[i + 1];
    hasCode = hasCode || (key == "code" && value.bytes == "ERR_LUAWARD_INSTRUCTION_LIMIT");
    hasLimit = hasLimit || (key == "limit" && value.integer == 1000);
    hasTraceback = hasTraceback || key == "traceback";
    if (key == "message") CHECK(!value.bytes.empty() && value.bytes.size() < 5000);
  }
  CHECK(hasCode && hasLimit && !hasTraceback);
}

}  // namespace
}  // namespace luaward::test
