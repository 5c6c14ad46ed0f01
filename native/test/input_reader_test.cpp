// The input thread over real pipes: messages handed over in order, then how
// the input ended; `shutdown` acted on at once; `interrupt` stopping the
// request it names (running, about to start, or not started yet) and nothing
// else. Each test runs in a forked child, which ends the process as the
// worker does (and with it the detached input thread); a failed step exits
// with its own status.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../src/core/lua_state.hpp"
#include "../src/worker/frame_channel.hpp"
#include "../src/worker/input_reader.hpp"
#include "../src/worker/worker_exit.hpp"
#include "check.hpp"

namespace luaward::test {
namespace {

using worker::ExitStatus;
using worker::FrameChannel;
using worker::HostMessage;
using worker::InputReader;
using worker::WorkerExit;

// MessagePack for the few host messages these tests send. Strings are short
// (fixstr), ids small (positive fixint).
std::string fixstr(std::string_view text) { return static_cast<char>(0xa0 | text.size()) + std::string(text); }

std::string framed(const std::string& body) {
  const auto n = static_cast<std::uint32_t>(body.size());
  return std::string{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                     static_cast<char>(n)} +
         body;
}

std::string withId(std::string_view type, int id) {
  return framed("\x82" + fixstr("type") + fixstr(type) + fixstr("id") + static_cast<char>(id));
}

std::string execute(int id, std::string_view code) {
  return framed("\x84" + fixstr("type") + fixstr("execute") + fixstr("id") + static_cast<char>(id) + fixstr("code") +
                fixstr(code) + fixstr("chunkName") + fixstr("=t"));
}

std::string shutdown() { return framed("\x81" + fixstr("type") + fixstr("shutdown")); }

void writeAll(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ::_exit(90);
    done += static_cast<std::size_t>(n);
  }
}

// Ends the child with `status` unless `condition` holds.
void require(bool condition, int status) {
  if (!condition) ::_exit(status);
}

class NoEmbedder final : public Embedder {
 public:
  bool callHost(std::size_t, std::vector<Value>&&, std::vector<Value>&, HostFailure& failure) noexcept override {
    failure.message = "no host here";
    return false;
  }
  bool print(std::string_view, HostFailure&) noexcept override { return true; }
};

// A child whose input thread reads from a pipe the child writes to.
struct Child {
  int input[2] = {-1, -1};
  FrameChannel channel;
  InputReader reader;
  NoEmbedder embedder;
  std::unique_ptr<LuaState> state;

  Child() : channel(openPipe(input), -1, 1 << 20), reader(channel) { reader.start(); }

  static int openPipe(int (&fds)[2]) {
    if (::pipe(fds) != 0) ::_exit(91);
    return fds[0];
  }

  void send(const std::string& bytes) { writeAll(input[1], bytes); }
  void endInput() { ::close(input[1]); }

  void acceptInterrupts() {
    Error error;
    state = LuaState::create(EngineOptions{}, embedder, error);
    require(state != nullptr, 92);
    reader.acceptInterrupts(*state);
  }

  HostMessage next() {
    HostMessage message;
    require(reader.next(message), 93);
    return message;
  }

  // Runs `code` without a budget as request `id`, as the request loop does:
  // "ok", or the kind of the error it failed with.
  std::string run(std::uint32_t id, std::string_view code) {
    std::string outcome = errorKindName(ErrorKind::Aborted);
    if (reader.startRequest(id) > 0) {
      RequestOptions options;
      options.instructionLimit = InstructionBudget::kUnlimited;
      std::vector<Value> results;
      Error error;
      outcome = state->execute(code, "t", options, results, error) ? "ok" : errorKindName(error.kind);
    }
    reader.finishRequest(id);
    return outcome;
  }
};

template <class Type>
bool is(const HostMessage& message, std::uint32_t id) {
  const auto* typed = std::get_if<Type>(&message);
  return typed != nullptr && typed->id == id;
}

// The wait status of a child running `body`, exiting 0 if it returns.
template <class Body>
int inChild(Body body) {
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string describe(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

#define CHECK_CHILD(status) CHECK_THAT(WIFEXITED(status) && WEXITSTATUS(status) == 0, describe(status))

LUAWARD_TEST(inputMessagesArriveInOrderThenTheEnd) {
  CHECK_CHILD(inChild([] {
    Child child;
    child.send(withId("stats", 2) + withId("stats", 3));
    child.endInput();
    require(is<worker::StatsRequest>(child.next(), 2), 1);
    require(is<worker::StatsRequest>(child.next(), 3), 2);
    HostMessage message;
    require(!child.reader.next(message), 3);
  }));
}

LUAWARD_TEST(inputViolationsComeAfterTheMessagesBeforeThem) {
  CHECK_CHILD(inChild([] {
    Child child;
    child.send(withId("stats", 2) + withId("bogus", 3));
    require(is<worker::StatsRequest>(child.next(), 2), 1);
    try {
      HostMessage message;
      child.reader.next(message);
      ::_exit(2);
    } catch (const WorkerExit& failure) {
      require(failure.status() == ExitStatus::ProtocolViolation, 3);
      require(std::string(failure.what()) == "unknown host message type \"bogus\"", 4);
    }
  }));
}

LUAWARD_TEST(inputShutdownEndsTheProcessAtOnce) {
  const int status = inChild([] {
    Child child;
    child.acceptInterrupts();
    // The main thread is busy for good; shutdown still ends the process.
    child.send(execute(2, "while true do end") + shutdown());
    require(is<worker::ExecuteRequest>(child.next(), 2), 1);
    child.run(2, "while true do end");
    ::_exit(2);
  });
  CHECK_THAT(WIFEXITED(status) && WEXITSTATUS(status) == 0, describe(status));
}

LUAWARD_TEST(inputInterruptsBeforeTheyAreAcceptedAreHandedOver) {
  CHECK_CHILD(inChild([] {
    Child child;
    child.send(withId("interrupt", 2));
    require(is<worker::Interrupt>(child.next(), 2), 1);
  }));
}

LUAWARD_TEST(inputInterruptStopsARunningRequest) {
  CHECK_CHILD(inChild([] {
    Child child;
    child.acceptInterrupts();
    child.send(execute(2, "while true do end"));
    require(is<worker::ExecuteRequest>(child.next(), 2), 1);
    // Sent before the request runs in the state: the input thread waits for
    // it to get there.
    child.send(withId("interrupt", 2));
    require(child.run(2, "while true do pcall(function() while true do end end) end") == "aborted", 2);
    // The state serves the next request.
    child.send(execute(3, "return 1"));
    require(is<worker::ExecuteRequest>(child.next(), 3), 3);
    require(child.run(3, "x = 1") == "ok", 4);
  }));
}

LUAWARD_TEST(inputInterruptBeforeTheRequestStartsKeepsItFromRunning) {
  CHECK_CHILD(inChild([] {
    Child child;
    child.acceptInterrupts();
    // The stats after the interrupt shows that the interrupt was read.
    child.send(execute(2, "ran = true") + withId("interrupt", 2) + withId("stats", 3));
    require(is<worker::ExecuteRequest>(child.next(), 2), 1);
    require(is<worker::StatsRequest>(child.next(), 3), 2);
    require(child.run(2, "ran = true") == "aborted", 3);
    Value ran;
    Error error;
    require(child.state->getGlobal("ran", ran, error) && ran.isNil(), 4);
  }));
}

LUAWARD_TEST(inputInterruptsForOtherRequestsAreIgnored) {
  CHECK_CHILD(inChild([] {
    Child child;
    child.acceptInterrupts();
    child.send(execute(2, "x = 1"));
    require(is<worker::ExecuteRequest>(child.next(), 2), 1);
    require(child.run(2, "x = 1") == "ok", 2);
    // Request 2 has finished, 9 never existed, 4 is a stats request.
    child.send(withId("interrupt", 2) + withId("interrupt", 9) + withId("stats", 4) + withId("interrupt", 4) +
               execute(5, "for i = 1, 100000 do end"));
    require(is<worker::StatsRequest>(child.next(), 4), 3);
    require(is<worker::ExecuteRequest>(child.next(), 5), 4);
    require(child.run(5, "for i = 1, 100000 do end") == "ok", 5);
  }));
}

}  // namespace
}  // namespace luaward::test
