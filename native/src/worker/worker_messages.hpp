// The worker's messages (docs/protocol.md), each encoded in canonical form:
// fields in the spec's order, numbers in their shortest MessagePack form,
// floats as float 64.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../core/value.hpp"
#include "frame_buffer.hpp"
#include "protocol.hpp"
#include "wire_error.hpp"

namespace luaward::worker {

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

// Each encoder returns a whole frame, length prefix included, whose body is
// at most `maxBody` bytes (the host's maxFrameLength), or throws
// FrameTooLong.
std::string encodeHello(const Hello& hello, std::uint32_t maxBody);
std::string encodeReady(std::uint32_t id, const WorkerLimits& limits, std::uint32_t maxBody);
std::string encodeResult(std::uint32_t id, const std::vector<Value>& values, std::uint32_t maxBody);
std::string encodeStats(std::uint32_t id, const Stats& stats, std::uint32_t maxBody);
std::string encodeCallback(std::uint32_t id, std::string_view name, const std::vector<Value>& args, std::uint32_t depth,
                           std::uint32_t maxBody);
// `data` travels as str when it is valid UTF-8, else as bin.
std::string encodePrint(std::string_view data, std::uint32_t maxBody);
// Never throws FrameTooLong: when the error does not fit, the traceback is
// dropped and the texts are shortened until it does (maxBody >= 256).
std::string encodeError(std::uint32_t id, const WireError& error, std::uint32_t maxBody);

}  // namespace luaward::worker
