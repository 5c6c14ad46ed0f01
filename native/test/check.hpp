// A minimal test runner for the native test program: tests register
// themselves, CHECK records a failure and goes on, and the program prints one
// TAP line per test and exits non-zero when any failed.
#pragma once

#include <string>
#include <string_view>

namespace luaward::test {

using TestFunction = void (*)();

struct Registration {
  Registration(const char* name, TestFunction function);
};

// Records a failure of the running test.
void fail(const char* file, int line, const std::string& message);

// The value of `--name value` on the command line, or `fallback`.
std::string option(std::string_view name, std::string fallback);

// Runs every registered test (or those whose name contains one of the
// arguments that are not options) and returns the exit status.
int runTests(int argc, char** argv);

}  // namespace luaward::test

#define LUAWARD_TEST(name)                                                     \
  static void name();                                                          \
  static const ::luaward::test::Registration name##Registration(#name, &name); \
  static void name()

#define CHECK(condition) \
  ((condition) ? static_cast<void>(0) : ::luaward::test::fail(__FILE__, __LINE__, "CHECK(" #condition ")"))

// CHECK with a description of what was being checked.
#define CHECK_THAT(condition, description) \
  ((condition) ? static_cast<void>(0)      \
               : ::luaward::test::fail(__FILE__, __LINE__, std::string(description) + ": CHECK(" #condition ")"))
