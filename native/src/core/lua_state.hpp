// One sandboxed Lua state with its limits: the object every binding wraps.
//
// Every method runs "a request": it resets the per-request budgets (unless it
// runs nested inside another request, from a host callback), does its work in
// protected mode, and reports failure as an Error. No Lua error and no C++
// exception leaves this class.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <lua.hpp>

#include "context.hpp"
#include "embedder.hpp"
#include "engine_options.hpp"
#include "error.hpp"
#include "interruption.hpp"
#include "value.hpp"

namespace luaward {

enum class ResultsMode {
  First,  // only the first result (none when the chunk returns nothing)
  All,    // every result
};

struct RequestOptions {
  // This request's instruction budget; the engine's when unset.
  std::optional<std::uint64_t> instructionLimit;
  ResultsMode results = ResultsMode::First;
};

class LuaState {
 public:
  // How deep host callbacks may call back into the same state.
  static constexpr int kMaxNestedRequests = Interruption::kMaxLevels;

  // Creates a state, or returns null with `error` set: a memory limit too
  // small for the state itself (Memory), a callback name that is empty, has
  // a NUL or would replace a sandbox global (InvalidArgument).
  static std::unique_ptr<LuaState> create(const EngineOptions& options, Embedder& embedder, Error& error);
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  // Compiles `code` (text only; a binary chunk is a Syntax error) as chunk
  // `chunkName` and runs it.
  bool execute(std::string_view code, std::string_view chunkName, const RequestOptions& options,
               std::vector<Value>& results, Error& error);

  // Calls the global function `name` (read raw) with `args`.
  bool call(std::string_view name, const std::vector<Value>& args, const RequestOptions& options,
            std::vector<Value>& results, Error& error);

  // Whether the global `name` (read raw) is a function, Lua or C.
  bool functionExists(std::string_view name, bool& exists, Error& error);

  // The global `name`, read raw (a metatable on _G does not run).
  bool getGlobal(std::string_view name, Value& out, Error& error);

  // Sets the global `name`, raw.
  bool setGlobal(std::string_view name, const Value& value, Error& error);

  // Bytes the state holds now.
  std::size_t memoryUsage() const { return context_.memory.used(); }

  // The most bytes the state has held at once since it was created.
  std::size_t memoryPeak() const { return context_.memory.peak(); }

  // The instructions charged to the last outermost request (execute or
  // call) that finished, with the requests nested in it; 0 before the first.
  // The budget's hook charges whole intervals (InstructionBudget), and the
  // interval under way when the request ended is counted whole: for a
  // request that ran to its end on the main thread, the count is at least
  // the instructions it ran and less than one interval (10 000, or its
  // budget when smaller) more. A request stopped by its budget counts its
  // limit; what coroutines ran after their last hook is not counted. A
  // request without a budget runs without the hook and counts only what
  // nested requests with a budget of their own charged (normally 0).
  std::uint64_t instructionsUsed() const { return lastInstructions_; }

  // Stops the request running at nesting level `level` (1: the outermost;
  // 2: a request a host callback of it made; ...) with an Aborted error that
  // the script cannot catch, as soon as it runs Lua: at its next instruction
  // (a coroutine it resumed notices at its own next hook, within 10 000 of
  // its instructions), or once the host callback it waits for returns.
  // Requests nested in it are not stopped. Returns false, and does nothing,
  // when no request runs at that level.
  //
  // Thread-safe: meant to be called from another thread while the state's
  // own thread runs Lua. It sets an atomic flag and installs the count hook
  // on the main thread with lua_sethook, which Lua allows to be called
  // asynchronously (lua.c does it from a signal handler) even when the
  // request runs without a budget. Must not run concurrently with close()
  // or the state's destruction.
  bool interrupt(int level = 1);

  // Frees the state. From inside a request (a host callback closing the
  // engine), the script stops at its next instruction, the state is freed
  // when the outermost request returns, and that request fails with a Closed
  // error.
  void close();
  bool closed() const { return context_.closing; }

 private:
  class Request;

  LuaState(const EngineOptions& options, Embedder& embedder);

  bool setUp(const EngineOptions& options, Error& error);
  lua_State* activeThread() const;
  bool checkOpen(Error& error) const;
  // Runs `body(request, thread, base)` as one request that runs Lua (execute,
  // call): refuses a closed state or nesting past kMaxNestedRequests, holds
  // the request's budgets while the body runs, then frees the state if a
  // callback closed it. Defined in lua_state.cpp, its only user.
  template <typename Body>
  bool runScriptRequest(const RequestOptions& options, Error& error, Body&& body);
  // Runs `access` on the globals in protected mode (only memory can fail it),
  // then `then(thread)` with what it left on the stack; restores the stack.
  template <typename Access, typename Then>
  bool accessGlobals(Error& error, Access&& access, Then&& then);
  bool finishRequest(lua_State* L, int base, int status, ResultsMode mode, std::vector<Value>& results, Error& error);
  bool readGlobal(std::string_view name, int& type, Value* out, Error& error);
  // The error of a failed request, value on top of the stack unless status
  // is LUA_OK (a limit tripped although the script caught its error).
  Error describeFailure(lua_State* L, int status);
  Error describeRuntimeError(lua_State* L);
  // The error of a failed global access (only memory can fail it).
  Error describeAccessFailure(lua_State* L, int status);
  Error memoryLimitError() const;
  // Frees the state if close() was called during the request that just ended.
  void closeIfRequested();

  Context context_;
  std::uint64_t defaultInstructionLimit_;
  lua_State* L_ = nullptr;
  int depth_ = 0;
  std::uint64_t lastInstructions_ = 0;
};

}  // namespace luaward
