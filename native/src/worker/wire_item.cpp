#include "wire_item.hpp"

#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>

#include "../core/utf8.hpp"

namespace luaward::worker {

namespace {

// Builds the item tree as msgpack-c's parser reports tokens. The parser keeps
// its own explicit stack (it never recurses), and containers grow only as
// their entries actually arrive.
class ItemBuilder {
 public:
  explicit ItemBuilder(WireItem& root) : root_(root) {}

  const std::string& failure() const { return failure_; }

  bool visit_nil() {
    place().kind = WireItem::Kind::Nil;
    return true;
  }
  bool visit_boolean(bool value) {
    WireItem& item = place();
    item.kind = WireItem::Kind::Boolean;
    item.boolean = value;
    return true;
  }
  bool visit_positive_integer(std::uint64_t value) {
    WireItem& item = place();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      item.kind = WireItem::Kind::BigUnsigned;
      item.bigUnsigned = value;
    } else {
      item.kind = WireItem::Kind::Integer;
      item.integer = static_cast<std::int64_t>(value);
    }
    return true;
  }
  // msgpack-c reports every signed format here, whatever the sign of the value.
  bool visit_negative_integer(std::int64_t value) {
    WireItem& item = place();
    item.kind = WireItem::Kind::Integer;
    item.integer = value;
    return true;
  }
  bool visit_float32(float value) { return visit_float64(static_cast<double>(value)); }
  bool visit_float64(double value) {
    WireItem& item = place();
    item.kind = WireItem::Kind::Float;
    item.number = value;
    return true;
  }
  bool visit_str(const char* data, std::uint32_t size) {
    const std::string_view text(size == 0 ? "" : data, size);
    if (!isValidUtf8(text)) return fail("a str is not valid UTF-8 (bytes that are not text travel as bin)");
    WireItem& item = place();
    item.kind = WireItem::Kind::Str;
    item.bytes.assign(text);
    return true;
  }
  bool visit_bin(const char* data, std::uint32_t size) {
    WireItem& item = place();
    item.kind = WireItem::Kind::Bin;
    item.bytes.assign(size == 0 ? "" : data, size);
    return true;
  }
  bool visit_ext(const char*, std::uint32_t) { return fail("MessagePack extension types are not allowed"); }
  bool start_array(std::uint32_t) { return open(WireItem::Kind::Array); }
  bool start_map(std::uint32_t) { return open(WireItem::Kind::Map); }
  bool end_array() { return close(); }
  bool end_map() { return close(); }
  bool start_array_item() { return true; }
  bool end_array_item() { return true; }
  bool start_map_key() { return true; }
  bool end_map_key() { return true; }
  bool start_map_value() { return true; }
  bool end_map_value() { return true; }
  // The only byte the parser cannot place is 0xc1.
  void parse_error(std::size_t, std::size_t) { fail("the byte 0xc1 is never used in MessagePack"); }
  void insufficient_bytes(std::size_t, std::size_t) { fail("the frame body ends in the middle of a value"); }
  bool referenced() const { return false; }
  void set_referenced(bool) {}

 private:
  // The item the next token fills: the root, then entries of the innermost
  // open container. Only that container's entry list grows, so the pointers
  // to the open containers stay valid.
  WireItem& place() {
    if (open_.empty()) return root_;
    return open_.back()->items.emplace_back();
  }

  bool open(WireItem::Kind kind) {
    if (open_.size() == kMaxNestingDepth) {
      return fail("arrays and maps nest deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    }
    WireItem& item = place();
    item.kind = kind;
    open_.push_back(&item);
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  bool fail(std::string reason) {
    if (failure_.empty()) failure_ = std::move(reason);
    return false;
  }

  WireItem& root_;
  std::vector<WireItem*> open_;
  std::string failure_;
};

bool startsWithMap(unsigned char token) { return (token >= 0x80 && token <= 0x8f) || token == 0xde || token == 0xdf; }

}  // namespace

WireItem decodeBody(std::string_view body) {
  if (body.empty()) throw ProtocolViolation("the frame body is empty");
  if (!startsWithMap(static_cast<unsigned char>(body[0]))) {
    char token[8];
    std::snprintf(token, sizeof token, "0x%02x", static_cast<unsigned char>(body[0]));
    throw ProtocolViolation(std::string("the frame body must be a MessagePack map, found type byte ") + token);
  }
  WireItem root;
  ItemBuilder builder(root);
  std::size_t offset = 0;
  bool parsed;
  try {
    parsed = msgpack::parse(body.data(), body.size(), offset, builder);
  } catch (const msgpack::unpack_error&) {
    // Only extension sizes make msgpack-c throw; extensions are refused anyway.
    throw ProtocolViolation("MessagePack extension types are not allowed");
  }
  if (!parsed) {
    throw ProtocolViolation(builder.failure().empty() ? "the frame body is not valid MessagePack" : builder.failure());
  }
  if (offset != body.size()) {
    throw ProtocolViolation(std::to_string(body.size() - offset) +
                            " trailing bytes after the message in the frame body");
  }
  return root;
}

std::uint32_t wireLength(std::size_t length) {
  if (length > std::numeric_limits<std::uint32_t>::max()) throw FrameTooLong(std::numeric_limits<std::uint32_t>::max());
  return static_cast<std::uint32_t>(length);
}

void writeBytes(FrameBuffer& out, std::string_view bytes) {
  if (isValidUtf8(bytes)) {
    writeText(out, bytes);
    return;
  }
  const std::uint32_t length = wireLength(bytes.size());
  Packer(out).pack_bin(length).pack_bin_body(bytes.data(), length);
}

void writeText(FrameBuffer& out, std::string_view text) {
  const std::uint32_t length = wireLength(text.size());
  Packer(out).pack_str(length).pack_str_body(text.data(), length);
}

void writeFloat(FrameBuffer& out, double number) {
  std::uint64_t bits;
  std::memcpy(&bits, &number, sizeof bits);
  char bytes[9];
  bytes[0] = static_cast<char>(0xcb);
  for (int i = 0; i < 8; ++i) bytes[1 + i] = static_cast<char>((bits >> (56 - 8 * i)) & 0xff);
  out.write(bytes, sizeof bytes);
}

}  // namespace luaward::worker
