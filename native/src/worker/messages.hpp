// The protocol's messages as the worker sees them (docs/protocol.md): host
// messages decoded and checked field by field, worker messages encoded in
// canonical form (fields in the spec's order, numbers in their shortest
// MessagePack form, floats as float 64).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../core/error.hpp"
#include "../core/value.hpp"
#include "protocol.hpp"
#include "wire_value.hpp"

namespace luaward::worker {

// ---------------------------------------------------------------- host -> worker

struct InitOptions {
  WireLimits limits;       // every one checked against kWireLimitFields
  unsigned libraries = 0;  // core Library bits; base is always among them
  std::vector<std::string> callbacks;
  std::uint32_t maxFrameLength = 0;  // the host's
};

struct InitRequest {
  std::uint32_t id;
  InitOptions options;
};

struct ExecuteRequest {
  std::uint32_t id;
  std::string code;
  std::string chunkName;
  // Absent: the init default. Present: this request's budget (nullopt for none).
  std::optional<Limit> instructionLimit;
};

struct CallRequest {
  std::uint32_t id;
  std::string name;
  std::vector<WireItem> args;
  std::optional<Limit> instructionLimit;  // as in ExecuteRequest
};

struct ExistsRequest {
  std::uint32_t id;
  std::string name;
};

struct GetGlobalRequest {
  std::uint32_t id;
  std::string name;
};

struct SetGlobalRequest {
  std::uint32_t id;
  std::string name;
  WireItem value;
};

struct StatsRequest {
  std::uint32_t id;
};

struct CallbackResult {
  std::uint32_t id;
  WireItem value;
};

struct CallbackError {
  std::uint32_t id;
  std::string message;
};

struct Interrupt {
  std::uint32_t id;
};

struct Shutdown {};

using HostMessage = std::variant<InitRequest, ExecuteRequest, CallRequest, ExistsRequest, GetGlobalRequest,
                                 SetGlobalRequest, StatsRequest, CallbackResult, CallbackError, Interrupt, Shutdown>;

// Decodes and checks one frame body. Value fields are kept as items: they
// become Lua values only under the limits that init set. Throws
// ProtocolViolation naming the message type and the field at fault.
HostMessage decodeHostMessage(std::string_view body);

// ---------------------------------------------------------------- worker -> host

struct Hello {
  std::string workerName;
  std::string workerVersion;
  std::string engine;
  std::uint64_t pid = 0;
  std::uint32_t maxFrameLength = kDefaultMaxFrameLength;
  std::vector<std::string> capabilities;
};

// The limits a worker enforces, echoed in `ready`.
using WorkerLimits = WireLimits;

struct Stats {
  std::uint64_t memory = 0;
  std::optional<std::uint64_t> memoryPeak;
  std::uint64_t instructions = 0;
};

enum class WireErrorCode { Syntax, Runtime, MemoryLimit, InstructionLimit, OutputLimit, Conversion, Aborted, Protocol };

// `ERR_LUAWARD_SYNTAX` and so on.
const char* wireErrorCodeName(WireErrorCode code);

// The content of an `error` message. Empty strings, a zero line and unset
// optionals are left out of the frame.
struct WireError {
  WireErrorCode code = WireErrorCode::Runtime;
  std::string message;
  std::string traceback;
  std::string chunkName;
  std::uint32_t line = 0;
  std::string path;
  std::optional<std::uint64_t> limit;
  std::optional<std::uint32_t> callbackId;
};

// The `error` content for a failure of the core: its kind as the code, its
// fields where the code has them, and the host callback it came from as
// callbackId. Text a script controls is made valid UTF-8.
WireError wireErrorOf(const Error& error);

// Each encoder returns a whole frame, length prefix included, whose body is
// at most `maxBody` bytes (the host's maxFrameLength), or throws
// FrameTooLong.
std::string encodeHello(const Hello& hello, std::uint32_t maxBody);
std::string encodeReady(std::uint32_t id, const WorkerLimits& limits, std::uint32_t maxBody);
std::string encodeResult(std::uint32_t id, const std::vector<Value>& values, std::uint32_t maxBody);
std::string encodeStats(std::uint32_t id, const Stats& stats, std::uint32_t maxBody);
std::string encodeCallback(std::uint32_t id, std::string_view name, const std::vector<Value>& args,
                           std::uint32_t depth, std::uint32_t maxBody);
// `data` travels as str when it is valid UTF-8, else as bin.
std::string encodePrint(std::string_view data, std::uint32_t maxBody);
// Never throws FrameTooLong: when the error does not fit, the traceback is
// dropped and the texts are shortened until it does (maxBody >= 256).
std::string encodeError(std::uint32_t id, const WireError& error, std::uint32_t maxBody);

}  // namespace luaward::worker
