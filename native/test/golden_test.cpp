// The protocol's golden vectors (packages/protocol/golden, docs/protocol.md):
// every frame a host sends decodes to its description through the worker's
// own reader and decoder, every canonical worker message encodes to its exact
// bytes, every frame decodes generically to its description, and every
// invalid frame is refused as a protocol violation.
#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <type_traits>

#include "../src/worker/frame_channel.hpp"
#include "../src/worker/host_messages.hpp"
#include "../src/worker/worker_exit.hpp"
#include "../src/worker/worker_messages.hpp"
#include "check.hpp"
#include "json.hpp"
#include "wire_items.hpp"

#ifndef LUAWARD_GOLDEN_DIR
#error "LUAWARD_GOLDEN_DIR must name packages/protocol/golden"
#endif

namespace luaward::test {
namespace {

using worker::WireItem;

std::string goldenDir() { return option("golden", LUAWARD_GOLDEN_DIR); }

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// ---------------------------------------------------------------- reading a frame

enum class Outcome { Message, Refused };

struct Received {
  Outcome outcome = Outcome::Refused;
  std::string body;
  std::string refusal;
};

// Reads the vector's file as the worker reads its stdin: exactly one frame.
Received receiveFrame(const std::string& path) {
  Received received;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path);
  worker::FrameChannel channel(fd, -1, worker::kDefaultMaxFrameLength);
  try {
    if (!channel.receive(received.body)) {
      received.refusal = "no frame at all";
    } else {
      std::string extra;
      received.outcome = channel.receive(extra) ? Outcome::Refused : Outcome::Message;
      if (received.outcome == Outcome::Refused) received.refusal = "more than one frame";
    }
  } catch (const worker::WorkerExit& exit) {
    received.refusal = exit.what();
    CHECK_THAT(exit.status() == worker::ExitStatus::ProtocolViolation, path + ": " + exit.what());
  }
  ::close(fd);
  return received;
}

// ---------------------------------------------------------------- host messages

void checkId(std::uint32_t id, const Json& message, const std::string& where) {
  CHECK_THAT(message.at("id").is(Json::Kind::Integer) && id == message.at("id").integer, where + ": id");
}

void checkText(const std::string& actual, const Json& expected, const std::string& where) {
  const WireItem item = itemFromJson(expected);
  CHECK_THAT(actual == item.bytes, where);
}

void checkLimit(const worker::Limit& actual, const Json& expected, const std::string& where) {
  if (expected.is(Json::Kind::Null)) {
    CHECK_THAT(!actual.has_value(), where + " (nil)");
  } else {
    CHECK_THAT(actual.has_value() && *actual == static_cast<std::uint64_t>(expected.integer), where);
  }
}

void checkOptionalLimit(const std::optional<worker::Limit>& actual, const Json& message, const std::string& where) {
  const Json* expected = message.find("instructionLimit");
  if (expected == nullptr) {
    CHECK_THAT(!actual.has_value(), where + ": instructionLimit absent");
  } else {
    CHECK_THAT(actual.has_value(), where + ": instructionLimit present");
    if (actual) checkLimit(*actual, *expected, where + ": instructionLimit");
  }
}

void checkItems(const std::vector<WireItem>& actual, const Json& expected, const std::string& where) {
  CHECK_THAT(expected.is(Json::Kind::Array) && actual.size() == expected.items.size(), where + ": count");
  for (std::size_t i = 0; i < actual.size() && i < expected.items.size(); ++i) {
    std::string difference;
    CHECK_THAT(sameItem(actual[i], itemFromJson(expected.items[i]), difference, 0),
               where + "[" + std::to_string(i) + "]: " + difference);
  }
}

void checkItem(const WireItem& actual, const Json& expected, const std::string& where) {
  std::string difference;
  CHECK_THAT(sameItem(actual, itemFromJson(expected), difference, 0), where + ": " + difference);
}

unsigned libraryBits(const Json& names) {
  static const std::pair<const char*, unsigned> kBits[] = {
      {"base", kLibraryBase}, {"string", kLibraryString}, {"table", kLibraryTable},
      {"math", kLibraryMath}, {"utf8", kLibraryUtf8},     {"coroutine", kLibraryCoroutine},
  };
  unsigned bits = kLibraryBase;
  for (const Json& name : names.items) {
    for (const auto& [library, bit] : kBits) {
      if (name.text == library) bits |= bit;
    }
  }
  return bits;
}

void checkInit(const worker::InitRequest& request, const Json& message, const std::string& where) {
  checkId(request.id, message, where);
  const Json& options = message.at("options");
  const worker::InitOptions& actual = request.options;
  for (const worker::WireLimitField& limit : worker::kWireLimitFields) {
    checkLimit(actual.limits.*limit.member, options.at(limit.name), where + ": " + limit.name);
  }
  CHECK_THAT(actual.libraries == libraryBits(options.at("libs")), where + ": libs");
  const Json& callbacks = options.at("callbacks");
  CHECK_THAT(actual.callbacks.size() == callbacks.items.size(), where + ": callbacks");
  for (std::size_t i = 0; i < actual.callbacks.size() && i < callbacks.items.size(); ++i) {
    CHECK_THAT(actual.callbacks[i] == callbacks.items[i].text, where + ": callbacks[" + std::to_string(i) + "]");
  }
  CHECK_THAT(actual.maxFrameLength == options.at("maxFrameLength").integer, where + ": maxFrameLength");
}

const char* typeName(const worker::HostMessage& message) {
  static const char* const kNames[] = {"init",          "execute",   "call",    "exists",
                                       "getGlobal",     "setGlobal", "stats",   "callbackResult",
                                       "callbackError", "interrupt", "shutdown"};
  static_assert(std::variant_size_v<worker::HostMessage> == sizeof kNames / sizeof kNames[0]);
  return kNames[message.index()];
}

// The decoded message says exactly what the description says.
void checkHostMessage(const worker::HostMessage& decoded, const Json& message, const std::string& where) {
  CHECK_THAT(message.at("type").text == typeName(decoded), where + ": decoded as " + typeName(decoded));
  std::visit(
      [&](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, worker::InitRequest>) {
          checkInit(m, message, where);
        } else if constexpr (std::is_same_v<M, worker::ExecuteRequest>) {
          checkId(m.id, message, where);
          checkText(m.code, message.at("code"), where + ": code");
          checkText(m.chunkName, message.at("chunkName"), where + ": chunkName");
          checkOptionalLimit(m.instructionLimit, message, where);
        } else if constexpr (std::is_same_v<M, worker::CallRequest>) {
          checkId(m.id, message, where);
          checkText(m.name, message.at("name"), where + ": name");
          checkItems(m.args, message.at("args"), where + ": args");
          checkOptionalLimit(m.instructionLimit, message, where);
        } else if constexpr (std::is_same_v<M, worker::ExistsRequest> || std::is_same_v<M, worker::GetGlobalRequest>) {
          checkId(m.id, message, where);
          checkText(m.name, message.at("name"), where + ": name");
        } else if constexpr (std::is_same_v<M, worker::SetGlobalRequest>) {
          checkId(m.id, message, where);
          checkText(m.name, message.at("name"), where + ": name");
          checkItem(m.value, message.at("value"), where + ": value");
        } else if constexpr (std::is_same_v<M, worker::CallbackResult>) {
          checkId(m.id, message, where);
          checkItem(m.value, message.at("value"), where + ": value");
        } else if constexpr (std::is_same_v<M, worker::CallbackError>) {
          checkId(m.id, message, where);
          checkText(m.message, message.at("message"), where + ": message");
        } else if constexpr (std::is_same_v<M, worker::StatsRequest> || std::is_same_v<M, worker::Interrupt>) {
          checkId(m.id, message, where);
        } else {
          static_assert(std::is_same_v<M, worker::Shutdown>);
          CHECK_THAT(message.fields.size() == 1, where + ": shutdown has only its type");
        }
      },
      decoded);
}

// ---------------------------------------------------------------- worker messages

worker::Limit limitFromJson(const Json& json) {
  if (json.is(Json::Kind::Null)) return std::nullopt;
  return static_cast<std::uint64_t>(json.integer);
}

std::vector<Value> valuesFromJson(const Json& list) {
  std::vector<Value> values;
  for (const Json& item : list.items) values.push_back(valueFromJson(item));
  return values;
}

worker::WireErrorCode errorCode(const std::string& name) {
  using worker::WireErrorCode;
  for (WireErrorCode code :
       {WireErrorCode::Syntax, WireErrorCode::Runtime, WireErrorCode::MemoryLimit, WireErrorCode::InstructionLimit,
        WireErrorCode::OutputLimit, WireErrorCode::Conversion, WireErrorCode::Aborted, WireErrorCode::Protocol}) {
    if (name == worker::wireErrorCodeName(code)) return code;
  }
  throw std::runtime_error("unknown error code " + name);
}

std::string textOf(const Json& message, std::string_view name) {
  const Json* field = message.find(name);
  return field == nullptr ? std::string() : itemFromJson(*field).bytes;
}

// Encodes the described worker message with the worker's own encoders.
std::string encodeWorkerMessage(const Json& message) {
  const std::string& type = message.at("type").text;
  const std::uint32_t max = worker::kMaxMaxFrameLength;
  const auto id = [&] { return static_cast<std::uint32_t>(message.at("id").integer); };
  if (type == "hello") {
    worker::Hello hello;
    hello.workerName = message.at("worker").at("name").text;
    hello.workerVersion = message.at("worker").at("version").text;
    hello.engine = message.at("engine").text;
    hello.pid = static_cast<std::uint64_t>(message.at("pid").integer);
    hello.maxFrameLength = static_cast<std::uint32_t>(message.at("maxFrameLength").integer);
    for (const Json& capability : message.at("capabilities").items) hello.capabilities.push_back(capability.text);
    return worker::encodeHello(hello, max);
  }
  if (type == "ready") {
    const Json& limits = message.at("limits");
    worker::WorkerLimits echoed;
    for (const worker::WireLimitField& limit : worker::kWireLimitFields) {
      echoed.*limit.member = limitFromJson(limits.at(limit.name));
    }
    return worker::encodeReady(id(), echoed, max);
  }
  if (type == "result") return worker::encodeResult(id(), valuesFromJson(message.at("values")), max);
  if (type == "stats") {
    worker::Stats stats;
    stats.memory = static_cast<std::uint64_t>(message.at("memory").integer);
    if (const Json* peak = message.find("memoryPeak")) stats.memoryPeak = static_cast<std::uint64_t>(peak->integer);
    stats.instructions = static_cast<std::uint64_t>(message.at("instructions").integer);
    return worker::encodeStats(id(), stats, max);
  }
  if (type == "error") {
    worker::WireError error;
    error.code = errorCode(message.at("code").text);
    error.message = textOf(message, "message");
    error.traceback = textOf(message, "traceback");
    error.chunkName = textOf(message, "chunkName");
    if (const Json* line = message.find("line")) error.line = static_cast<std::uint32_t>(line->integer);
    error.path = textOf(message, "path");
    if (const Json* limit = message.find("limit")) error.limit = static_cast<std::uint64_t>(limit->integer);
    if (const Json* callback = message.find("callbackId"))
      error.callbackId = static_cast<std::uint32_t>(callback->integer);
    return worker::encodeError(id(), error, max);
  }
  if (type == "callback") {
    return worker::encodeCallback(id(), message.at("name").text, valuesFromJson(message.at("args")),
                                  static_cast<std::uint32_t>(message.at("depth").integer), max);
  }
  if (type == "print") return worker::encodePrint(itemFromJson(message.at("data")).bytes, max);
  throw std::runtime_error("no worker message of type " + type);
}

// ---------------------------------------------------------------- the vectors

struct Tally {
  int hostDecoded = 0;
  int workerEncoded = 0;
  int genericDecoded = 0;
  int refused = 0;
  int wrongDirection = 0;
};

void checkValidVector(const Json& vector, const std::string& name, const std::string& path, Tally& tally) {
  const Json& message = vector.at("message");
  const bool fromHost = vector.at("from").text == "host";
  const std::string frame = readFile(path);
  const Received received = receiveFrame(path);
  CHECK_THAT(received.outcome == Outcome::Message, name + ": read as one frame (" + received.refusal + ")");
  if (received.outcome != Outcome::Message) return;

  // Generically, every valid body is the described map (fields in any order).
  try {
    const WireItem body = worker::decodeBody(received.body);
    std::string difference;
    CHECK_THAT(sameItem(body, itemFromJson(message), difference, 2),
               name + ": decodes to its description: " + difference);
    ++tally.genericDecoded;
  } catch (const worker::ProtocolViolation& violation) {
    fail(__FILE__, __LINE__, name + ": refused: " + violation.what());
  }

  if (fromHost) {
    try {
      checkHostMessage(worker::decodeHostMessage(received.body), message, name);
      ++tally.hostDecoded;
    } catch (const worker::ProtocolViolation& violation) {
      fail(__FILE__, __LINE__, name + ": refused: " + violation.what());
    }
  } else if (vector.find("body") == nullptr) {
    // A canonical worker message: the worker writes exactly these bytes.
    const std::string encoded = encodeWorkerMessage(message);
    CHECK_THAT(encoded == frame, name + ": encodes byte for byte (" + hex(encoded) + " vs " + hex(frame) + ")");
    ++tally.workerEncoded;
  }
}

// Every invalid frame is refused by the worker's reader and decoder, with
// one exception: a frame a worker must never send (its direction is what is
// wrong) can be a well-formed host message, which the worker accepts.
void checkInvalidVector(const Json& vector, const std::string& name, const std::string& path, Tally& tally) {
  const Received received = receiveFrame(path);
  if (received.outcome != Outcome::Message) {
    ++tally.refused;
    return;
  }
  try {
    worker::decodeHostMessage(received.body);
  } catch (const worker::ProtocolViolation&) {
    ++tally.refused;
    return;
  }
  if (vector.at("from").text == "worker") {
    ++tally.wrongDirection;
    return;
  }
  fail(__FILE__, __LINE__, name + ": accepted a frame the protocol forbids");
}

// The constants of protocol.hpp are those the TypeScript package writes to
// golden/constants.json: the frames at the bounds (the vectors) then test the
// same bounds on both sides.
LUAWARD_TEST(goldenConstants) {
  const Json file = parseJson(readFile(goldenDir() + "/constants.json"));
  const auto same = [&](const char* name, std::uint64_t actual) {
    const Json& expected = file.at(name);
    CHECK_THAT(expected.is(Json::Kind::Integer) && static_cast<std::uint64_t>(expected.integer) == actual,
               std::string(name) + ": protocol.hpp has " + std::to_string(actual));
  };
  same("protocolVersion", worker::kProtocolVersion);
  same("frameHeaderLength", worker::kFrameHeaderLength);
  same("minMaxFrameLength", worker::kMinMaxFrameLength);
  same("maxMaxFrameLength", worker::kMaxMaxFrameLength);
  same("defaultMaxFrameLength", worker::kDefaultMaxFrameLength);
  same("maxNestingDepth", worker::kMaxNestingDepth);
  same("maxValueDepth", worker::kMaxValueDepth);
  same("maxRequestId", worker::kMaxRequestId);
  const std::vector<Json>& limits = file.at("limits").items;
  CHECK_THAT(limits.size() == std::size(worker::kWireLimitFields), "as many limits as kWireLimitFields");
  for (std::size_t i = 0; i < limits.size() && i < std::size(worker::kWireLimitFields); ++i) {
    const worker::WireLimitField& actual = worker::kWireLimitFields[i];
    const Json& expected = limits[i];
    const std::string where = "limits[" + std::to_string(i) + "] " + actual.name;
    CHECK_THAT(expected.at("name").text == actual.name, where + ": name " + expected.at("name").text);
    CHECK_THAT(static_cast<std::uint64_t>(expected.at("min").integer) == actual.min, where + ": min");
    CHECK_THAT(static_cast<std::uint64_t>(expected.at("max").integer) == actual.max, where + ": max");
    CHECK_THAT(expected.at("unlimited").boolean == actual.unlimited, where + ": unlimited");
  }
}

LUAWARD_TEST(goldenVectors) {
  const std::string dir = goldenDir();
  const Json file = parseJson(readFile(dir + "/vectors.json"));
  Tally tally;
  int valid = 0;
  int invalid = 0;
  for (const Json& vector : file.at("vectors").items) {
    const std::string name = vector.at("name").text;
    const std::string path = dir + "/" + name + ".bin";
    try {
      if (vector.at("valid").boolean) {
        ++valid;
        checkValidVector(vector, name, path, tally);
      } else {
        ++invalid;
        checkInvalidVector(vector, name, path, tally);
      }
    } catch (const std::exception& error) {
      fail(__FILE__, __LINE__, name + ": " + error.what());
    }
  }
  std::printf(
      "# golden: %d valid (%d host messages decoded, %d worker messages encoded, %d bodies decoded), "
      "%d invalid (%d refused, %d host messages sent by a worker)\n",
      valid, tally.hostDecoded, tally.workerEncoded, tally.genericDecoded, invalid, tally.refused,
      tally.wrongDirection);
  CHECK(valid > 0 && invalid > 0);
  CHECK(tally.genericDecoded == valid);
  CHECK(tally.refused + tally.wrongDirection == invalid);
  CHECK(tally.hostDecoded > 0 && tally.workerEncoded > 0);
}

}  // namespace
}  // namespace luaward::test
