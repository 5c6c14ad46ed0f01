// The Embedder: what the core needs from the C++ code that embeds it,
// running host callbacks and taking printed lines. The host is the
// JavaScript side that owns the callbacks and the print handler; the
// embedder is the way to it: the addon implements this over Node-API
// (addon/engine_object.hpp), the worker over its pipe
// (worker/worker_embedder.hpp). The core calls it synchronously, from inside
// Lua, on the thread that runs the request.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value.hpp"

namespace luaward {

// A host callback or print that failed. `message` is what the script sees
// (its pcall catches it as a string); `id`, when set, is the host's own
// handle on the original error: when the request then fails with that very
// error value, Error::hostFailure carries the id back.
struct HostFailure {
  std::string message;
  std::optional<std::size_t> id;
};

class Embedder {
 public:
  // Runs callback `index` (its position in EngineOptions::callbackNames).
  // Returns true with `results` filled (possibly empty), or false with
  // `failure` filled. Must not throw.
  virtual bool callHost(std::size_t index, std::vector<Value>&& args, std::vector<Value>& results,
                        HostFailure& failure) noexcept = 0;

  // Takes one line a script printed, without its newline. Returns false with
  // `failure` filled when the host could not take it. Must not throw.
  virtual bool print(std::string_view line, HostFailure& failure) noexcept = 0;

 protected:
  ~Embedder() = default;
};

}  // namespace luaward
