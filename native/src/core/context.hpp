// The per-state data that the sandbox's C functions and the instruction
// hook reach from any lua_State (main thread or coroutine) through Lua's
// extra space. Nothing here is process-wide: every state has its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <lua.hpp>

#include "allocator.hpp"
#include "convert.hpp"
#include "embedder.hpp"
#include "engine_options.hpp"
#include "instruction_budget.hpp"
#include "interruption.hpp"
#include "output_budget.hpp"

namespace luaward {

struct Context {
  Context(const EngineOptions& options, Embedder& embedder);

  // Lua copies the main thread's extra space into every new thread, so this
  // works from coroutines too.
  static Context& of(lua_State* L) { return **static_cast<Context**>(lua_getextraspace(L)); }
  void attach(lua_State* L) {
    *static_cast<Context**>(lua_getextraspace(L)) = this;
    mainThread = L;
  }

  // Seeds for math.randomseed(), from the system's entropy rather than from
  // addresses and the clock as Lua does, 5.4.9 too (that leaks a heap address).
  std::uint64_t nextSeed();

  MemoryAccount memory;
  InstructionBudget budget;
  Interruption interruption;
  OutputBudget output;
  Embedder& embedder;
  std::vector<std::string> callbackNames;
  ConversionLimits conversion;
  // Numbers tostring() shows for tables and functions instead of addresses.
  std::uint64_t nextObjectId = 0;
  // Set by close() during a request: everything still running must stop.
  bool closing = false;
  lua_State* mainThread = nullptr;
  // The thread that runs a host callback right now (nested requests run on
  // it), or null outside callbacks.
  lua_State* callbackThread = nullptr;
  // coroutine.close calls (and closes by coroutine.wrap) running inside one
  // another's __close handlers, counted only by a fallback build against a
  // Lua before 5.4.6 (coroutine_functions.cpp).
  int nestedCloses = 0;
  // Where the last error that reached a request's message handler was raised.
  int errorLine = 0;

 private:
  std::uint64_t seedState_;
};

}  // namespace luaward
