#!/bin/sh
# Brings a fresh clone to a built state: system libraries, the pinned pnpm,
# the JavaScript dependencies and the native build. Safe to run repeatedly:
# each step is skipped when it is already satisfied.
set -eu
cd "$(dirname "$0")/.."

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
# Debian package names: a C++ toolchain and Python for node-gyp, libseccomp
# for the worker's confinement, msgpack-cxx (headers only) and clang-format
# for the native sources' layout (pnpm run format:native:check). Lua is not
# among them: the build fetches and compiles its pinned release itself
# (packages/engine/scripts/lua-source.mjs).
APT_PACKAGES="g++ make python3 pkg-config libseccomp-dev libmsgpack-cxx-dev clang-format"

have_system_deps() {
  for tool in g++ make python3 pkg-config clang-format; do
    command -v "$tool" >/dev/null 2>&1 || return 1
  done
  case "$(uname -s)" in
    Linux) pkg-config --exists libseccomp 2>/dev/null || return 1 ;;
  esac
  [ -f /usr/include/msgpack.hpp ] || [ -f /usr/local/include/msgpack.hpp ] || [ -f /opt/homebrew/include/msgpack.hpp ] || return 1
}

if ! have_system_deps; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "luaward setup: installing system packages: $APT_PACKAGES"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $APT_PACKAGES >/dev/null
  else
    echo "luaward setup: missing system libraries; install them with: sudo apt-get install $APT_PACKAGES (macOS: brew install pkg-config msgpack-cxx clang-format)" >&2
    exit 1
  fi
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "luaward setup: installing pnpm@$PNPM_VERSION"
  npm install --global --silent "pnpm@$PNPM_VERSION" >/dev/null
fi

if [ "${CI:-}" = "true" ]; then
  pnpm install --frozen-lockfile --reporter=silent
else
  pnpm install --reporter=silent
fi
build_log=$(mktemp)
if ! pnpm run build >"$build_log" 2>&1; then
  cat "$build_log" >&2
  rm -f "$build_log"
  echo "luaward setup: the build failed (output above)" >&2
  exit 1
fi
rm -f "$build_log"
