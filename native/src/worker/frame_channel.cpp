#include "frame_channel.hpp"

#include <unistd.h>

#include <cerrno>
#include <new>

#include "worker_exit.hpp"

namespace luaward::worker {

namespace {

WorkerExit violation(std::string reason) { return WorkerExit(ExitStatus::ProtocolViolation, std::move(reason)); }

}  // namespace

bool FrameChannel::receive(std::string& body) {
  unsigned char header[kFrameHeaderLength];
  const std::size_t got = readFully(reinterpret_cast<char*>(header), sizeof header);
  if (got == 0) return false;
  if (got < sizeof header) {
    throw violation("the input ended inside a frame's length prefix (" + std::to_string(got) + " of " +
                    std::to_string(kFrameHeaderLength) + " bytes)");
  }
  const std::uint32_t length = (static_cast<std::uint32_t>(header[0]) << 24) |
                               (static_cast<std::uint32_t>(header[1]) << 16) |
                               (static_cast<std::uint32_t>(header[2]) << 8) | header[3];
  if (length == 0) throw violation("a frame announces an empty body (a message is never empty)");
  // Refused before a byte of the body is read or allocated for.
  if (length > maxFrameLength_) {
    throw violation("a frame announces a body of " + std::to_string(length) + " bytes, more than maxFrameLength (" +
                    std::to_string(maxFrameLength_) + " bytes)");
  }
  try {
    body.resize(length);
  } catch (const std::bad_alloc&) {
    throw WorkerExit(ExitStatus::OutOfMemory, "no memory for a frame of " + std::to_string(length) + " bytes");
  }
  const std::size_t received = readFully(body.data(), length);
  if (received < length) {
    throw violation("the input ended inside a frame (" + std::to_string(received) + " of " + std::to_string(length) +
                    " body bytes received)");
  }
  return true;
}

std::size_t FrameChannel::readFully(char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t count = ::read(input_, data + done, size - done);
    if (count > 0) {
      done += static_cast<std::size_t>(count);
    } else if (count == 0) {
      return done;
    } else if (errno != EINTR) {
      throw WorkerExit(ExitStatus::ChannelFailed, "reading the host's frames failed: " + errnoName(errno));
    }
  }
  return done;
}

void FrameChannel::send(std::string_view frame) {
  while (!frame.empty()) {
    const ssize_t count = ::write(output_, frame.data(), frame.size());
    if (count >= 0) {
      frame.remove_prefix(static_cast<std::size_t>(count));
    } else if (errno == EPIPE) {
      // SIGPIPE is ignored, so a host that went away shows up here.
      throw WorkerExit(ExitStatus::Done, "");
    } else if (errno != EINTR) {
      throw WorkerExit(ExitStatus::ChannelFailed, "writing a frame to the host failed: " + errnoName(errno));
    }
  }
}

}  // namespace luaward::worker
