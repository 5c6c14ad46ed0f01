#include "frame_buffer.hpp"

#include "frame_channel.hpp"

namespace luaward::worker {

FrameBuffer::FrameBuffer(std::uint32_t maxBodyLength)
    : bytes_(kFrameHeaderLength, '\0'), maxBodyLength_(maxBodyLength) {}

void FrameBuffer::write(const char* data, std::size_t size) {
  if (size > maxBodyLength_ - (bytes_.size() - kFrameHeaderLength)) throw FrameTooLong(maxBodyLength_);
  bytes_.append(data, size);
}

std::string FrameBuffer::finish() {
  const std::size_t length = bytes_.size() - kFrameHeaderLength;
  bytes_[0] = static_cast<char>((length >> 24) & 0xff);
  bytes_[1] = static_cast<char>((length >> 16) & 0xff);
  bytes_[2] = static_cast<char>((length >> 8) & 0xff);
  bytes_[3] = static_cast<char>(length & 0xff);
  return std::move(bytes_);
}

}  // namespace luaward::worker
