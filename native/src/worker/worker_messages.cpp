#include "worker_messages.hpp"

#include <iterator>

#include "../core/utf8.hpp"
#include "wire_item.hpp"
#include "wire_value.hpp"

namespace luaward::worker {

namespace {

// Writes one message map: the type first, then fields in the spec's order.
class MessageWriter {
 public:
  // `fields` counts the fields after `type`.
  MessageWriter(std::uint32_t maxBody, std::string_view type, std::uint32_t fields) : frame_(maxBody) {
    Packer(frame_).pack_map(fields + 1);
    key("type");
    writeText(frame_, type);
  }

  FrameBuffer& frame() { return frame_; }

  void key(std::string_view name) { writeText(frame_, name); }

  void integer(std::string_view name, std::uint64_t value) {
    key(name);
    Packer(frame_).pack_uint64(value);
  }

  void text(std::string_view name, std::string_view value) {
    key(name);
    writeText(frame_, value);
  }

  void limit(std::string_view name, const Limit& value) {
    key(name);
    if (value) {
      Packer(frame_).pack_uint64(*value);
    } else {
      Packer(frame_).pack_nil();
    }
  }

  void values(std::string_view name, const std::vector<Value>& list) {
    key(name);
    Packer(frame_).pack_array(static_cast<std::uint32_t>(list.size()));
    for (const Value& value : list) writeValue(frame_, value);
  }

  // Opens a record field holding `fields` entries.
  void record(std::string_view name, std::uint32_t fields) {
    key(name);
    Packer(frame_).pack_map(fields);
  }

  std::string finish() { return frame_.finish(); }

 private:
  FrameBuffer frame_;
};

std::string writeError(std::uint32_t id, const WireError& error, std::uint32_t maxBody) {
  const std::uint32_t fields = 3 + !error.traceback.empty() + !error.chunkName.empty() + (error.line > 0) +
                               !error.path.empty() + error.limit.has_value() + error.callbackId.has_value();
  MessageWriter writer(maxBody, "error", fields);
  writer.integer("id", id);
  writer.text("code", wireErrorCodeName(error.code));
  writer.text("message", error.message);
  if (!error.traceback.empty()) writer.text("traceback", error.traceback);
  if (!error.chunkName.empty()) writer.text("chunkName", error.chunkName);
  if (error.line > 0) writer.integer("line", error.line);
  if (!error.path.empty()) writer.text("path", error.path);
  if (error.limit) writer.integer("limit", *error.limit);
  if (error.callbackId) writer.integer("callbackId", *error.callbackId);
  return writer.finish();
}

}  // namespace

std::string encodeHello(const Hello& hello, std::uint32_t maxBody) {
  MessageWriter writer(maxBody, "hello", 6);
  writer.integer("protocol", kProtocolVersion);
  writer.record("worker", 2);
  writer.text("name", hello.workerName);
  writer.text("version", hello.workerVersion);
  writer.text("engine", hello.engine);
  writer.integer("pid", hello.pid);
  writer.integer("maxFrameLength", hello.maxFrameLength);
  writer.key("capabilities");
  Packer(writer.frame()).pack_array(static_cast<std::uint32_t>(hello.capabilities.size()));
  for (const std::string& capability : hello.capabilities) writeText(writer.frame(), capability);
  return writer.finish();
}

std::string encodeReady(std::uint32_t id, const WorkerLimits& limits, std::uint32_t maxBody) {
  MessageWriter writer(maxBody, "ready", 2);
  writer.integer("id", id);
  writer.record("limits", static_cast<std::uint32_t>(std::size(kWireLimitFields)));
  // A limit that cannot be lifted is always set, so it is written as an integer.
  for (const WireLimitField& limit : kWireLimitFields) writer.limit(limit.name, limits.*limit.member);
  return writer.finish();
}

std::string encodeResult(std::uint32_t id, const std::vector<Value>& values, std::uint32_t maxBody) {
  MessageWriter writer(maxBody, "result", 2);
  writer.integer("id", id);
  writer.values("values", values);
  return writer.finish();
}

std::string encodeStats(std::uint32_t id, const Stats& stats, std::uint32_t maxBody) {
  MessageWriter writer(maxBody, "stats", stats.memoryPeak ? 4 : 3);
  writer.integer("id", id);
  writer.integer("memory", stats.memory);
  if (stats.memoryPeak) writer.integer("memoryPeak", *stats.memoryPeak);
  writer.integer("instructions", stats.instructions);
  return writer.finish();
}

std::string encodeCallback(std::uint32_t id, std::string_view name, const std::vector<Value>& args, std::uint32_t depth,
                           std::uint32_t maxBody) {
  MessageWriter writer(maxBody, "callback", 4);
  writer.integer("id", id);
  writer.text("name", name);
  writer.values("args", args);
  writer.integer("depth", depth);
  return writer.finish();
}

std::string encodePrint(std::string_view data, std::uint32_t maxBody) {
  MessageWriter writer(maxBody, "print", 1);
  writer.key("data");
  writeBytes(writer.frame(), data);
  return writer.finish();
}

std::string encodeError(std::uint32_t id, const WireError& error, std::uint32_t maxBody) {
  try {
    return writeError(id, error, maxBody);
  } catch (const FrameTooLong&) {
  }
  // What is cut is what a script controls; the code, ids and limit stay.
  WireError shorter = error;
  shorter.traceback.clear();
  shorter.message = std::string(utf8Prefix(error.message, maxBody / 4));
  shorter.path = std::string(utf8Prefix(error.path, maxBody / 8));
  shorter.chunkName = std::string(utf8Prefix(error.chunkName, maxBody / 16));
  try {
    return writeError(id, shorter, maxBody);
  } catch (const FrameTooLong&) {
  }
  // The fixed fields alone take well under 256 bytes.
  shorter.path.clear();
  shorter.chunkName.clear();
  shorter.line = 0;
  return writeError(id, shorter, maxBody);
}

}  // namespace luaward::worker
