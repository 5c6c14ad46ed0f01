#include "check.hpp"

#include <cstdio>
#include <vector>

namespace luaward::test {

namespace {

struct Test {
  const char* name;
  TestFunction function;
};

std::vector<Test>& registry() {
  static std::vector<Test> tests;
  return tests;
}

std::vector<std::string>& failures() {
  static std::vector<std::string> messages;
  return messages;
}

std::vector<std::string>& arguments() {
  static std::vector<std::string> values;
  return values;
}

}  // namespace

Registration::Registration(const char* name, TestFunction function) { registry().push_back(Test{name, function}); }

void fail(const char* file, int line, const std::string& message) {
  failures().push_back(std::string(file) + ":" + std::to_string(line) + ": " + message);
}

std::string option(std::string_view name, std::string fallback) {
  const std::vector<std::string>& args = arguments();
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i].size() == name.size() + 2 && args[i].compare(0, 2, "--") == 0 &&
        args[i].compare(2, name.size(), name) == 0) {
      return args[i + 1];
    }
  }
  return fallback;
}

int runTests(int argc, char** argv) {
  std::vector<std::string> filters;
  for (int i = 1; i < argc; ++i) {
    arguments().emplace_back(argv[i]);
    if (std::string_view(argv[i]).substr(0, 2) == "--") {
      ++i;
      if (i < argc) arguments().emplace_back(argv[i]);
    } else {
      filters.emplace_back(argv[i]);
    }
  }
  std::vector<Test> selected;
  for (const Test& test : registry()) {
    bool wanted = filters.empty();
    for (const std::string& filter : filters)
      wanted = wanted || std::string_view(test.name).find(filter) != std::string_view::npos;
    if (wanted) selected.push_back(test);
  }
  std::printf("1..%zu\n", selected.size());
  int failed = 0;
  for (std::size_t i = 0; i < selected.size(); ++i) {
    failures().clear();
    selected[i].function();
    std::printf("%s %zu - %s\n", failures().empty() ? "ok" : "not ok", i + 1, selected[i].name);
    for (const std::string& message : failures()) std::printf("#   %s\n", message.c_str());
    if (!failures().empty()) ++failed;
    std::fflush(stdout);
  }
  std::printf("# %zu tests, %d failed\n", selected.size(), failed);
  return failed == 0 && !selected.empty() ? 0 : 1;
}

}  // namespace luaward::test
