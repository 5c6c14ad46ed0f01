// Framing over real pipes: frames split across reads and writes, interrupted
// reads, the length check from the prefix alone, and every way the input can
// end.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

#include "../src/worker/frame_channel.hpp"
#include "../src/worker/worker_exit.hpp"
#include "check.hpp"

namespace luaward::test {
namespace {

using worker::ExitStatus;
using worker::FrameChannel;
using worker::WorkerExit;

struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    closeRead();
    closeWrite();
  }
  void closeRead() {
    if (read >= 0) ::close(read);
    read = -1;
  }
  void closeWrite() {
    if (write >= 0) ::close(write);
    write = -1;
  }
};

std::string frame(const std::string& body) {
  const auto n = static_cast<std::uint32_t>(body.size());
  std::string bytes{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                    static_cast<char>(n)};
  return bytes + body;
}

void writeAll(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("write failed");
    done += static_cast<std::size_t>(n);
  }
}

// How receiving ended: "frame:<body>", "end", or "exit <status>: <reason>".
std::string receiveOnce(FrameChannel& channel) {
  std::string body;
  try {
    return channel.receive(body) ? "frame:" + body : "end";
  } catch (const WorkerExit& exit) {
    return "exit " + std::to_string(static_cast<int>(exit.status())) + ": " + exit.what();
  }
}

// Waits for a child and says whether it exited with status 0.
bool childSucceeded(pid_t child) {
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

LUAWARD_TEST(framesAreReadWholeUntilTheInputEnds) {
  Pipe pipe;
  writeAll(pipe.write, frame("first") + frame(std::string(1000, 'x')));
  pipe.closeWrite();
  FrameChannel channel(pipe.read, -1, 1024);
  CHECK(receiveOnce(channel) == "frame:first");
  CHECK(receiveOnce(channel) == "frame:" + std::string(1000, 'x'));
  CHECK(receiveOnce(channel) == "end");
}

LUAWARD_TEST(aFrameWrittenByteByByteArrivesWhole) {
  Pipe pipe;
  const std::string bytes = frame(std::string(5000, 'y'));
  const pid_t writer = ::fork();
  if (writer == 0) {
    ::close(pipe.read);
    for (const char c : bytes) {
      if (::write(pipe.write, &c, 1) != 1) ::_exit(1);
    }
    ::_exit(0);
  }
  pipe.closeWrite();
  FrameChannel channel(pipe.read, -1, 1 << 20);
  CHECK(receiveOnce(channel) == "frame:" + std::string(5000, 'y'));
  CHECK(receiveOnce(channel) == "end");
  CHECK(childSucceeded(writer));
}

LUAWARD_TEST(aTooLongFrameIsRefusedFromItsPrefixAlone) {
  Pipe pipe;
  // The prefix announces 1025 bytes; what follows must stay unread.
  writeAll(pipe.write, std::string("\x00\x00\x04\x01", 4) + "body");
  FrameChannel channel(pipe.read, -1, 1024);
  CHECK(receiveOnce(channel) ==
        "exit 2: a frame announces a body of 1025 bytes, more than maxFrameLength (1024 bytes)");
  char rest[8];
  CHECK(::read(pipe.read, rest, sizeof rest) == 4 && std::memcmp(rest, "body", 4) == 0);
}

LUAWARD_TEST(brokenFramingIsAViolation) {
  const auto outcome = [](const std::string& input) {
    Pipe pipe;
    writeAll(pipe.write, input);
    pipe.closeWrite();
    FrameChannel channel(pipe.read, -1, 1024);
    return receiveOnce(channel);
  };
  CHECK(outcome(std::string(4, '\0')) == "exit 2: a frame announces an empty body (a message is never empty)");
  CHECK(outcome(std::string("\x00\x00", 2)) == "exit 2: the input ended inside a frame's length prefix (2 of 4 bytes)");
  CHECK(outcome(std::string("\x00\x00\x00\x10", 4) + "abc") ==
        "exit 2: the input ended inside a frame (3 of 16 body bytes received)");
}

LUAWARD_TEST(aSignalDuringAReadDoesNotLoseTheFrame) {
  Pipe pipe;
  const pid_t reader = ::fork();
  if (reader == 0) {
    // No SA_RESTART: the blocked read returns EINTR.
    struct sigaction action {};
    action.sa_handler = [](int) {};
    ::sigaction(SIGUSR1, &action, nullptr);
    ::close(pipe.write);
    FrameChannel channel(pipe.read, -1, 1024);
    ::_exit(receiveOnce(channel) == "frame:after the signal" ? 0 : 1);
  }
  pipe.closeRead();
  // Half a prefix first, so the reader blocks in the middle of a frame.
  const std::string bytes = frame("after the signal");
  writeAll(pipe.write, bytes.substr(0, 2));
  for (int i = 0; i < 5; ++i) {
    ::usleep(20000);
    ::kill(reader, SIGUSR1);
  }
  writeAll(pipe.write, bytes.substr(2));
  CHECK(childSucceeded(reader));
}

LUAWARD_TEST(largeFramesAreWrittenWhole) {
  Pipe pipe;
  const std::string body(3 << 20, 'z');
  const pid_t reader = ::fork();
  if (reader == 0) {
    ::close(pipe.write);
    FrameChannel channel(pipe.read, -1, 4 << 20);
    ::_exit(receiveOnce(channel) == "frame:" + body ? 0 : 1);
  }
  pipe.closeRead();
  FrameChannel channel(-1, pipe.write, 1024);
  channel.send(frame(body));
  pipe.closeWrite();
  CHECK(childSucceeded(reader));
}

LUAWARD_TEST(writingToAHostThatLeftEndsQuietly) {
  Pipe pipe;
  pipe.closeRead();
  FrameChannel channel(-1, pipe.write, 1024);
  bool done = false;
  try {
    channel.send(frame("anyone there?"));
  } catch (const WorkerExit& exit) {
    done = exit.status() == ExitStatus::Done && std::string(exit.what()).empty();
  }
  CHECK(done);
}

}  // namespace
}  // namespace luaward::test
