#include "json.hpp"

#include <cstdlib>

namespace luaward::test {

const Json* Json::find(std::string_view name) const {
  for (const auto& field : fields) {
    if (field.first == name) return &field.second;
  }
  return nullptr;
}

const Json& Json::at(std::string_view name) const {
  const Json* field = find(name);
  if (field == nullptr) throw std::runtime_error("JSON object lacks \"" + std::string(name) + "\"");
  return *field;
}

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Json document() {
    Json value = parse();
    skipSpace();
    if (at_ != text_.size()) fail("trailing characters");
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("JSON: " + what + " at offset " + std::to_string(at_));
  }

  void skipSpace() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
      ++at_;
  }

  char peek() {
    skipSpace();
    if (at_ >= text_.size()) fail("unexpected end");
    return text_[at_];
  }

  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++at_;
  }

  bool consume(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  Json parse() {
    const char c = peek();
    Json value;
    if (c == '{') {
      value.kind = Json::Kind::Object;
      ++at_;
      if (peek() == '}') {
        ++at_;
        return value;
      }
      for (;;) {
        std::string key = string();
        expect(':');
        value.fields.emplace_back(std::move(key), parse());
        if (peek() == ',') {
          ++at_;
          continue;
        }
        expect('}');
        return value;
      }
    }
    if (c == '[') {
      value.kind = Json::Kind::Array;
      ++at_;
      if (peek() == ']') {
        ++at_;
        return value;
      }
      for (;;) {
        value.items.push_back(parse());
        if (peek() == ',') {
          ++at_;
          continue;
        }
        expect(']');
        return value;
      }
    }
    if (c == '"') {
      value.kind = Json::Kind::String;
      value.text = string();
      return value;
    }
    if (consume("true")) {
      value.kind = Json::Kind::Boolean;
      value.boolean = true;
      return value;
    }
    if (consume("false")) {
      value.kind = Json::Kind::Boolean;
      return value;
    }
    if (consume("null")) return value;
    return numberValue();
  }

  Json numberValue() {
    const std::size_t start = at_;
    bool fraction = false;
    while (at_ < text_.size() && std::string_view("+-0123456789.eE").find(text_[at_]) != std::string_view::npos) {
      fraction = fraction || text_[at_] == '.' || text_[at_] == 'e' || text_[at_] == 'E';
      ++at_;
    }
    if (at_ == start) fail("unexpected character");
    const std::string digits(text_.substr(start, at_ - start));
    Json value;
    if (fraction) {
      value.kind = Json::Kind::Number;
      value.number = std::strtod(digits.c_str(), nullptr);
    } else {
      value.kind = Json::Kind::Integer;
      value.integer = std::strtoll(digits.c_str(), nullptr, 10);
    }
    return value;
  }

  unsigned hex4() {
    if (at_ + 4 > text_.size()) fail("short \\u escape");
    const std::string digits(text_.substr(at_, 4));
    at_ += 4;
    return static_cast<unsigned>(std::strtoul(digits.c_str(), nullptr, 16));
  }

  static void appendUtf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::string string() {
    expect('"');
    std::string out;
    while (at_ < text_.size() && text_[at_] != '"') {
      const char c = text_[at_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ >= text_.size()) fail("unfinished escape");
      const char escaped = text_[at_++];
      switch (escaped) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          unsigned code = hex4();
          if (code >= 0xD800 && code < 0xDC00 && consume("\\u")) {
            const unsigned low = hex4();
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          appendUtf8(out, code);
          break;
        }
        default:
          out += escaped;
          break;
      }
    }
    expect('"');
    return out;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

Json parseJson(std::string_view text) { return Parser(text).document(); }

}  // namespace luaward::test
