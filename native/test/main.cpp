// The native test program: C++ checks of the worker's framing, wire format,
// golden vectors and confinement. Run by the engine package's vitest suite;
// by hand: build/Release/luaward-native-tests [--golden DIR] [name-filter...]
#include <csignal>

#include "check.hpp"

int main(int argc, char** argv) {
  // As in the worker: a write to a closed pipe fails with EPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  return luaward::test::runTests(argc, argv);
}
