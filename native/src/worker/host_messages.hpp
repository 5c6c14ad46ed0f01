// The host's messages as the worker sees them (docs/protocol.md): each frame
// body decoded and checked field by field into one of the types below.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol.hpp"
#include "wire_item.hpp"

namespace luaward::worker {

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

}  // namespace luaward::worker
