#include "lua_state.hpp"

#include <cstdio>
#include <string>
#include <utility>

#include "convert.hpp"
#include "host_bridge.hpp"
#include "instruction_budget.hpp"
#include "protected_call.hpp"
#include "sandbox.hpp"

namespace luaward {

namespace {

// Registry slots (keyed by these addresses) where the message handler leaves
// the traceback and the chunk of the error that reached a request. They hold
// `false` when empty so that the key always exists and refilling it never
// allocates.
const char kTracebackKey = 0;
const char kErrorChunkKey = 0;

// A script controls its error messages, and through its chunk names and
// function names the traceback and chunk name of an error too; longer ones
// are cut (bindings cut them further for display).
constexpr std::size_t kMaxErrorTextBytes = 16 * 1024;

// The message handler of every request: records where the error was raised
// (the innermost Lua function running) and the traceback, and returns the
// error value unchanged so that it can still be matched against host
// failures.
int messageHandler(lua_State* L) {
  Context& context = Context::of(L);
  // Limit errors and interruptions are reported from the engine's flags,
  // without a traceback.
  if (context.closing || context.budget.tripped() || context.output.tripped() ||
      context.interruption.innermostStopped()) {
    return 1;
  }
  context.errorLine = 0;
  lua_Debug frame;
  for (int level = 1; lua_getstack(L, level, &frame) != 0; ++level) {
    lua_getinfo(L, "Sl", &frame);
    if (frame.currentline <= 0) continue;
    context.errorLine = frame.currentline;
    // "=name" and "@name" are names given by the host; other sources are the
    // code of a load()ed string, shown as Lua shows it.
    const char* source = frame.source;
    lua_pushstring(L, source[0] == '=' || source[0] == '@' ? source + 1 : frame.short_src);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kErrorChunkKey);
    break;
  }
  luaL_traceback(L, L, nullptr, 1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kTracebackKey);
  lua_settop(L, 1);
  return 1;
}

// Reads a registry slot and empties it. Never raises.
std::string takeSlot(lua_State* L, const char* key) {
  std::string text;
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, key) == LUA_TSTRING) {
    std::size_t length;
    const char* bytes = lua_tolstring(L, -1, &length);
    text.assign(bytes, length < kMaxErrorTextBytes ? length : kMaxErrorTextBytes);
  }
  lua_pop(L, 1);
  lua_pushboolean(L, 0);
  lua_rawsetp(L, LUA_REGISTRYINDEX, key);
  return text;
}

// The error value at `index` as text, without running any metamethod
// (an error object's __tostring would run outside every limit).
std::string describeErrorValue(lua_State* L, int index) {
  switch (lua_type(L, index)) {
    case LUA_TSTRING: {
      std::size_t length;
      const char* bytes = lua_tolstring(L, index, &length);
      return std::string(bytes, length < kMaxErrorTextBytes ? length : kMaxErrorTextBytes);
    }
    case LUA_TNUMBER: {
      if (lua_isinteger(L, index)) return std::to_string(lua_tointeger(L, index));
      char text[32];
      std::snprintf(text, sizeof text, "%.14g", lua_tonumber(L, index));
      return text;
    }
    default:
      return std::string("(error object is a ") + luaL_typename(L, index) + " value)";
  }
}

// The line of a syntax error: Lua prefixes the message with "chunk:line:",
// where chunk is the name the host gave (cut to LUA_IDSIZE - 1 bytes).
int syntaxErrorLine(std::string_view message, std::string_view chunkName) {
  const std::string_view prefix = chunkName.substr(0, LUA_IDSIZE - 1);
  if (message.substr(0, prefix.size()) != prefix || message.size() <= prefix.size() || message[prefix.size()] != ':') {
    return 0;
  }
  int line = 0;
  std::size_t i = prefix.size() + 1;
  for (; i < message.size() && message[i] >= '0' && message[i] <= '9' && line < 100000000; ++i) {
    line = line * 10 + (message[i] - '0');
  }
  return i < message.size() && message[i] == ':' ? line : 0;
}

Error limitError(ErrorKind kind, std::string message, std::uint64_t limit) {
  Error error = Error::make(kind, std::move(message));
  error.limit = limit;
  return error;
}

Error tooDeep() {
  return Error::make(ErrorKind::Runtime, "host callbacks called back into the engine more than " +
                                             std::to_string(LuaState::kMaxNestedRequests) + " levels deep");
}

Error stackExhausted() { return Error::make(ErrorKind::Runtime, "the Lua stack is exhausted"); }

}  // namespace

// Begins a request on construction and ends it on destruction: budgets,
// nesting depth, the hook of the thread the request runs on, its level for
// interrupt().
class LuaState::Request {
 public:
  Request(LuaState& state, std::uint64_t instructionLimit) : state_(state), thread_(state.activeThread()) {
    Context& context = state.context_;
    if (state.depth_ == 0) {
      context.budget.begin(instructionLimit);
      context.output.reset();
      context.memory.resetRefused();
      setBudgetHook(thread_, context.budget.firstInterval());
    } else {
      saved_ = context.budget.beginNested(instructionLimit);
      if (context.budget.limited()) setBudgetHook(thread_, context.budget.firstInterval());
    }
    ++state.depth_;
    // Only now may interrupt() see the request: the hook it installs must
    // come after the one set up above, which it would otherwise replace.
    context.interruption.begin();
  }

  ~Request() {
    Context& context = state_.context_;
    if (state_.depth_ == 1) state_.lastInstructions_ = charged();
    context.interruption.end();
    --state_.depth_;
    if (state_.depth_ > 0) {
      context.budget.endNested(saved_);
      // The enclosing request was interrupted while this one ran: it stops
      // at its next instruction, on the thread this one ran on.
      if (context.interruption.innermostAsked()) setBudgetHook(thread_, 1);
    } else {
      forgetHostFailures(thread_);
    }
  }

  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;

  lua_State* thread() const { return thread_; }

  // The request's Lua code is about to run (its chunk compiled, or its
  // function and arguments pushed).
  void startLua() { runsLua_ = true; }

 private:
  // What the budget charged to the outermost request. The hook charges an
  // interval when it ends; the interval under way on the main thread is
  // counted whole, so that a request shorter than an interval does not count
  // 0. A request that the hook stopped has none under way.
  std::uint64_t charged() const {
    const Context& context = state_.context_;
    std::uint64_t used = context.budget.used();
    if (runsLua_ && context.budget.limited() && !context.budget.tripped() && !context.interruption.innermostStopped()) {
      used += static_cast<std::uint64_t>(lua_gethookcount(thread_));
    }
    return used;
  }

  LuaState& state_;
  lua_State* thread_;
  InstructionBudget::Saved saved_{};
  bool runsLua_ = false;
};

LuaState::LuaState(const EngineOptions& options, Embedder& embedder)
    : context_(options, embedder), defaultInstructionLimit_(options.instructionLimit) {}

LuaState::~LuaState() {
  if (L_ != nullptr) lua_close(L_);
}

std::unique_ptr<LuaState> LuaState::create(const EngineOptions& options, Embedder& embedder, Error& error) {
  for (const std::string& name : options.callbackNames) {
    if (name.empty() || name.find('\0') != std::string::npos) {
      error = Error::make(ErrorKind::InvalidArgument, "a callback name must be a non-empty string without NUL");
      return nullptr;
    }
  }
  std::unique_ptr<LuaState> state;
  try {
    state.reset(new LuaState(options, embedder));
  } catch (...) {
    error = Error::make(ErrorKind::Runtime, "could not create the Lua state (no entropy source or no memory)");
    return nullptr;
  }
  if (!state->setUp(options, error)) return nullptr;
  return state;
}

bool LuaState::setUp(const EngineOptions& options, Error& error) {
  const auto tooSmall = [&] {
    return limitError(
        ErrorKind::Memory,
        "memoryLimit (" + std::to_string(options.memoryLimit) + " bytes) is too small to create a Lua state",
        options.memoryLimit);
  };
  L_ = lua_newstate(MemoryAccount::allocate, &context_.memory);
  if (L_ == nullptr) {
    error = tooSmall();
    return false;
  }
  context_.attach(L_);
  std::size_t shadowing = options.callbackNames.size();
  auto body = [&](lua_State* S) {
    lua_pushboolean(S, 0);
    lua_rawsetp(S, LUA_REGISTRYINDEX, &kTracebackKey);
    lua_pushboolean(S, 0);
    lua_rawsetp(S, LUA_REGISTRYINDEX, &kErrorChunkKey);
    openSandbox(S, options.libraries);
    lua_pushglobaltable(S);
    for (std::size_t i = 0; i < options.callbackNames.size(); ++i) {
      const std::string& name = options.callbackNames[i];
      lua_pushlstring(S, name.data(), name.size());
      if (lua_rawget(S, -2) != LUA_TNIL) {
        shadowing = i;
        return;
      }
      lua_pop(S, 1);
    }
    lua_pop(S, 1);
    registerCallbacks(S, options.callbackNames);
  };
  const int status = runProtected(L_, body);
  if (status != LUA_OK) {
    error = status == LUA_ERRMEM ? tooSmall() : Error::make(ErrorKind::Runtime, describeErrorValue(L_, -1));
  } else if (shadowing < options.callbackNames.size()) {
    error = Error::make(ErrorKind::InvalidArgument, "callback name '" + options.callbackNames[shadowing] +
                                                        "' would replace the sandbox global of that name");
  }
  lua_settop(L_, 0);
  return status == LUA_OK && shadowing == options.callbackNames.size();
}

lua_State* LuaState::activeThread() const { return context_.callbackThread != nullptr ? context_.callbackThread : L_; }

bool LuaState::checkOpen(Error& error) const {
  if (!context_.closing) return true;
  error = Error::make(ErrorKind::Closed, "the engine is closed");
  return false;
}

template <typename Body>
bool LuaState::runScriptRequest(const RequestOptions& options, Error& error, Body&& body) {
  if (!checkOpen(error)) return false;
  if (depth_ >= kMaxNestedRequests) {
    error = tooDeep();
    return false;
  }
  bool ok = false;
  {
    Request request(*this, options.instructionLimit.value_or(defaultInstructionLimit_));
    lua_State* L = request.thread();
    const int base = lua_gettop(L);
    // Room for the message handler and the function to run.
    if (!lua_checkstack(L, 2)) {
      error = stackExhausted();
    } else {
      ok = body(request, L, base);
    }
  }
  closeIfRequested();
  return ok;
}

bool LuaState::execute(std::string_view code, std::string_view chunkName, const RequestOptions& options,
                       std::vector<Value>& results, Error& error) {
  return runScriptRequest(options, error, [&](Request& request, lua_State* L, int base) {
    std::string source;
    source.reserve(chunkName.size() + 1);
    source += '=';
    source += chunkName;
    lua_pushcfunction(L, messageHandler);
    int status = luaL_loadbufferx(L, code.data(), code.size(), source.c_str(), "t");
    // Anything but the memory limit that stops the compiler (a syntax
    // error, a binary chunk, nesting past the C stack limit) is a syntax
    // error of the source.
    if (status != LUA_OK && !(status == LUA_ERRMEM && context_.memory.refused())) {
      error = Error::make(ErrorKind::Syntax, describeErrorValue(L, -1));
      error.chunkName = std::string(chunkName);
      error.line = syntaxErrorLine(error.message, chunkName);
      lua_settop(L, base);
      return false;
    }
    if (status == LUA_OK) {
      request.startLua();
      status = lua_pcall(L, 0, LUA_MULTRET, base + 1);
    }
    return finishRequest(L, base, status, options.results, results, error);
  });
}

bool LuaState::call(std::string_view name, const std::vector<Value>& args, const RequestOptions& options,
                    std::vector<Value>& results, Error& error) {
  return runScriptRequest(options, error, [&](Request& request, lua_State* L, int base) {
    lua_pushcfunction(L, messageHandler);
    int type = LUA_TNONE;
    auto setup = [&](lua_State* S) {
      lua_rawgeti(S, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
      lua_pushlstring(S, name.data(), name.size());
      type = lua_rawget(S, -2);
      lua_remove(S, -2);
      if (type != LUA_TFUNCTION) return;
      luaL_checkstack(S, static_cast<int>(args.size() < 1000000 ? args.size() : 1000000), "too many arguments");
      for (const Value& arg : args) pushValue(S, arg);
    };
    int status = runProtected(L, setup);
    if (status == LUA_OK && type != LUA_TFUNCTION) {
      error = Error::make(ErrorKind::Runtime, std::string("attempt to call a ") + lua_typename(L, type) +
                                                  " value (global '" + std::string(name) + "')");
      lua_settop(L, base);
      return false;
    }
    if (status == LUA_OK) {
      request.startLua();
      status = lua_pcall(L, static_cast<int>(args.size()), LUA_MULTRET, base + 1);
    }
    return finishRequest(L, base, status, options.results, results, error);
  });
}

bool LuaState::finishRequest(lua_State* L, int base, int status, ResultsMode mode, std::vector<Value>& results,
                             Error& error) {
  results.clear();
  // A limit that tripped, or an interruption, fails the request even when
  // the script caught the error (pcall called straight from the host
  // returns normally). An interruption asked for while no Lua instruction
  // ran after it (the request waited in a callback whose results went
  // straight out: `return slow()`, a tail call) stops the request here.
  if (status != LUA_OK || context_.closing || context_.budget.tripped() || context_.output.tripped() ||
      context_.interruption.stopsInnermost()) {
    error = describeFailure(L, status);
    lua_settop(L, base);
    return false;
  }
  const int first = base + 2;  // base + 1 holds the message handler
  const int count = lua_gettop(L) - base - 1;
  bool ok = true;
  ConversionTally tally;
  if (mode == ResultsMode::First) {
    if (count > 0) {
      results.emplace_back();
      ok = readLuaValue(L, first, context_.conversion, PathRoot{"result"}, tally, results.back(), error);
    }
  } else {
    results.resize(static_cast<std::size_t>(count));
    for (int i = 0; ok && i < count; ++i) {
      ok = readLuaValue(L, first + i, context_.conversion, PathRoot{"results", i + 1}, tally,
                        results[static_cast<std::size_t>(i)], error);
    }
  }
  if (!ok) results.clear();
  lua_settop(L, base);
  return ok;
}

Error LuaState::describeFailure(lua_State* L, int status) {
  if (context_.closing) return Error::make(ErrorKind::Closed, "the engine was closed during the request");
  if (context_.budget.tripped()) {
    const std::uint64_t limit = context_.budget.limit();
    return limitError(ErrorKind::Instructions,
                      "the script ran past its instruction limit of " + std::to_string(limit) + " instructions", limit);
  }
  if (context_.interruption.innermostStopped()) return Error::make(ErrorKind::Aborted, "the request was interrupted");
  if (context_.output.tripped()) {
    const std::uint64_t limit = context_.output.limit();
    return limitError(ErrorKind::Output,
                      "the script printed more than its output limit of " + std::to_string(limit) + " bytes", limit);
  }
  if (status == LUA_ERRMEM && context_.memory.refused()) return memoryLimitError();
  return describeRuntimeError(L);
}

Error LuaState::describeAccessFailure(lua_State* L, int status) {
  if (status == LUA_ERRMEM && context_.memory.refused()) return memoryLimitError();
  return Error::make(ErrorKind::Runtime, describeErrorValue(L, -1));
}

Error LuaState::memoryLimitError() const {
  const std::uint64_t limit = context_.memory.limit();
  return limitError(ErrorKind::Memory,
                    "the script needed more memory than its limit of " + std::to_string(limit) + " bytes", limit);
}

Error LuaState::describeRuntimeError(lua_State* L) {
  Error error = Error::make(ErrorKind::Runtime, describeErrorValue(L, -1));
  error.hostFailure = hostFailureOf(L, -1);
  error.traceback = takeSlot(L, &kTracebackKey);
  error.chunkName = takeSlot(L, &kErrorChunkKey);
  error.line = error.chunkName.empty() ? 0 : context_.errorLine;
  context_.errorLine = 0;
  return error;
}

bool LuaState::functionExists(std::string_view name, bool& exists, Error& error) {
  int type = LUA_TNONE;
  if (!readGlobal(name, type, nullptr, error)) return false;
  exists = type == LUA_TFUNCTION;
  return true;
}

bool LuaState::getGlobal(std::string_view name, Value& out, Error& error) {
  int type = LUA_TNONE;
  return readGlobal(name, type, &out, error);
}

template <typename Access, typename Then>
bool LuaState::accessGlobals(Error& error, Access&& access, Then&& then) {
  if (!checkOpen(error)) return false;
  lua_State* L = activeThread();
  if (depth_ == 0) context_.memory.resetRefused();
  const int base = lua_gettop(L);
  if (!lua_checkstack(L, 2)) {
    error = stackExhausted();
    return false;
  }
  const int status = runProtected(L, access);
  bool ok = status == LUA_OK;
  if (ok) {
    ok = then(L);
  } else {
    error = describeAccessFailure(L, status);
  }
  lua_settop(L, base);
  return ok;
}

bool LuaState::readGlobal(std::string_view name, int& type, Value* out, Error& error) {
  auto read = [&](lua_State* S) {
    lua_rawgeti(S, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_pushlstring(S, name.data(), name.size());
    type = lua_rawget(S, -2);
    lua_remove(S, -2);
  };
  auto convert = [&](lua_State* L) {
    if (out == nullptr) return true;
    ConversionTally tally;
    return readLuaValue(L, -1, context_.conversion, PathRoot{name}, tally, *out, error);
  };
  return accessGlobals(error, read, convert);
}

bool LuaState::setGlobal(std::string_view name, const Value& value, Error& error) {
  auto write = [&](lua_State* S) {
    lua_rawgeti(S, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_pushlstring(S, name.data(), name.size());
    pushValue(S, value);
    lua_rawset(S, -3);
  };
  return accessGlobals(error, write, [](lua_State*) { return true; });
}

bool LuaState::interrupt(int level) {
  if (!context_.interruption.ask(level)) return false;
  // The main thread runs the request, or resumed the coroutine that does
  // (whose own hook fires within kMaxInterval of its instructions). Other
  // threads cannot be reached safely from here: a coroutine may be freed at
  // any time.
  setBudgetHook(context_.mainThread, 1);
  return true;
}

void LuaState::close() {
  context_.closing = true;
  if (depth_ > 0) {
    // Called from a host callback: make the hook stop the script at its next
    // instruction, budget or not (the hook raises once `closing` is set).
    setBudgetHook(L_, 1);
    if (context_.callbackThread != nullptr) setBudgetHook(context_.callbackThread, 1);
  }
  closeIfRequested();
}

void LuaState::closeIfRequested() {
  if (depth_ == 0 && context_.closing && L_ != nullptr) {
    lua_close(L_);
    L_ = nullptr;
  }
}

}  // namespace luaward
