#include "context.hpp"

#include <random>

namespace luaward {

Context::Context(const EngineOptions& options, Embedder& embedder)
    : memory(options.memoryLimit),
      output(options.outputLimit),
      embedder(embedder),
      callbackNames(options.callbackNames),
      conversion(options.conversionLimits()) {
  std::random_device entropy;
  seedState_ = (static_cast<std::uint64_t>(entropy()) << 32) ^ entropy();
}

// splitmix64: spreads one random 64-bit state over any number of seeds.
std::uint64_t Context::nextSeed() {
  std::uint64_t z = (seedState_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace luaward
