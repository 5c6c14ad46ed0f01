// The output side of framing: a frame being encoded, which msgpack::packer
// appends its bytes to. Room for the length prefix is reserved up front so
// the body is never copied, and the body is bounded by what the peer accepts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

namespace luaward::worker {

// The encoded body would be longer than the peer's maxFrameLength.
class FrameTooLong : public std::exception {
 public:
  explicit FrameTooLong(std::uint32_t limit) : limit_(limit) {}
  std::uint32_t limit() const noexcept { return limit_; }
  const char* what() const noexcept override { return "the frame is longer than the peer accepts"; }

 private:
  std::uint32_t limit_;
};

class FrameBuffer {
 public:
  // `maxBodyLength` is the peer's maxFrameLength.
  explicit FrameBuffer(std::uint32_t maxBodyLength);

  // What msgpack::packer calls. Throws FrameTooLong as soon as the body
  // passes maxBodyLength, so a large value is never encoded in full.
  void write(const char* data, std::size_t size);

  // Fills in the length prefix and hands over the whole frame.
  std::string finish();

 private:
  std::string bytes_;
  std::uint32_t maxBodyLength_;
};

}  // namespace luaward::worker
