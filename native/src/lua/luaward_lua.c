/*
** The secrets behind luaward_luaconf.h: a process-wide random key for pointer
** hashing, drawn once when the library is loaded, and a random seed per state.
*/
#include <stdint.h>
#include <string.h>

#include "luaward_luaconf.h"

#if defined(__linux__)
#include <sys/random.h>
static int random_bytes(void *buffer, size_t length) {
  return getrandom(buffer, length, 0) == (ssize_t)length ? 0 : -1;
}
#else
#include <stdlib.h>
static int random_bytes(void *buffer, size_t length) {
  arc4random_buf(buffer, length);
  return 0;
}
#endif

static uint64_t pointer_key[4];

/* Before main() in the worker (so before it confines itself) and at dlopen in the addon. */
__attribute__((constructor)) static void draw_pointer_key(void) {
  if (random_bytes(pointer_key, sizeof pointer_key) != 0) {
    /* No entropy source at all: fall back to a key that at least differs per run. */
    uintptr_t here = (uintptr_t)&pointer_key;
    for (int i = 0; i < 4; i++) pointer_key[i] = (uint64_t)here * 0x9E3779B97F4A7C15u + (uint64_t)i;
  }
}

/* One round of multiply-and-fold, as in wyhash: the product's halves xored together. */
static uint64_t mix(uint64_t a, uint64_t b) {
  __uint128_t product = (__uint128_t)a * b;
  return (uint64_t)product ^ (uint64_t)(product >> 64);
}

unsigned int luaward_hash_pointer(const void *p) {
  uint64_t h = mix((uint64_t)(uintptr_t)p ^ pointer_key[0], pointer_key[1] | 1);
  h = mix(h ^ pointer_key[2], pointer_key[3] | 1);
  return (unsigned int)h;
}

unsigned int luaward_lua_seed(void) {
  unsigned int seed;
  if (random_bytes(&seed, sizeof seed) != 0) seed = (unsigned int)mix(pointer_key[0], pointer_key[3] | 1);
  return seed;
}
