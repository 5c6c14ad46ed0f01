// Whole frames over two file descriptors (the worker's stdin and stdout):
// a 4-byte big-endian body length, then the body. Blocking, as the worker is:
// it has nothing else to do while it waits for the host.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol.hpp"

namespace luaward::worker {

class FrameChannel {
 public:
  // `maxFrameLength` is the longest body this side accepts (what `hello`
  // announces).
  FrameChannel(int input, int output, std::uint32_t maxFrameLength)
      : input_(input), output_(output), maxFrameLength_(maxFrameLength) {}

  std::uint32_t maxFrameLength() const { return maxFrameLength_; }

  // Blocks until a whole frame has arrived and puts its body in `body`.
  // Returns false when the host closed the channel between two frames.
  // Throws WorkerExit when the input breaks the framing (a length of 0 or
  // above maxFrameLength, refused from the four bytes alone; the input
  // ending inside a frame) or reading fails.
  bool receive(std::string& body);

  // Writes one whole frame, length prefix included, blocking until it is
  // written. Throws WorkerExit: Done when the host closed its end (EPIPE),
  // ChannelFailed when writing fails otherwise.
  void send(std::string_view frame);

 private:
  // Reads exactly `size` bytes. Returns how many arrived before the end of
  // the input (`size` unless the input ended).
  std::size_t readFully(char* data, std::size_t size);

  int input_;
  int output_;
  std::uint32_t maxFrameLength_;
};

}  // namespace luaward::worker
