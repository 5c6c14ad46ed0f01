#!/bin/sh
# Installs the packed LuaWard packages on a fresh machine, as closely as one
# can be had here: a minimal Debian bookworm root (debootstrap
# --variant=minbase) that gets only the host's node binary and npm, with no
# compiler, make, Python, pkg-config, Lua or libseccomp, entered with chroot.
#
#   sh tools/fresh-machine-check.sh
#
# On the host it packs the four packages (tools/test-install.mjs --pack-only);
# inside the root, with the root's own node, it runs the install-and-check
# phase of the same script with --fresh-system: the usual install checks, plus
# that the root really has no build tools or libraries and that a forced build
# from source fails with a message that names what to install.
#
# Needs root (debootstrap, chroot, mount) and a built work tree (tools/setup.sh).
# The debootstrapped root is cached as a tarball in the LuaWard cache
# (LUAWARD_CACHE_DIR, default ~/.cache/luaward), so only the first run
# downloads Debian; delete the tarball to start over. Every mount is undone on
# exit, failure or interruption included, before the temporary folder goes.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${LUAWARD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/luaward}
suite=bookworm
mirror=http://deb.debian.org/debian
# Bump the suffix when the preparation of the cached root changes.
root_tarball=$cache/debian-$suite-minbase-v1.tar.gz

log() { echo "fresh-machine: $*"; }
die() { echo "fresh-machine: $*" >&2; exit 1; }
now() { date +%s; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot and mount)"
node_bin=$(readlink -f "$(command -v node)") || die "node is not on PATH"
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")") || die "npm is not on PATH"
[ -f "$npm_dir/bin/npm-cli.js" ] || die "cannot find npm's own folder (looked at $npm_dir)"

work=$(mktemp -d "${TMPDIR:-/tmp}/luaward-fresh-machine-XXXXXX")
root=$work/root

child=
# Runs a command as a child that the traps can stop: sh runs a trap only after
# the foreground command ends, but at once while it waits for a background one.
run() {
  "$@" &
  child=$!
  wait "$child" || { status=$?; child=; return "$status"; }
  child=
}

# Processes whose root is below $work: the chrooted checks and debootstrap's.
pids_in_work() {
  for link in /proc/[0-9]*/root; do
    target=$(readlink "$link" 2>/dev/null) || continue
    case "$target/" in
      "$work"/*) pid=${link#/proc/}; echo "${pid%/root}" ;;
    esac
  done
}

# Mount points below $work, deepest first.
mounts_below_work() {
  awk -v prefix="$work/" 'index($2, prefix) == 1 { print $2 }' /proc/self/mounts | sort -r
}

cleanup() {
  status=$?
  trap - EXIT INT TERM HUP
  # The command still running, if any, and whatever runs inside the roots.
  [ -z "$child" ] || kill -TERM "$child" 2>/dev/null || true
  for signal in TERM TERM TERM KILL; do
    pids=$(pids_in_work)
    [ -n "$pids" ] || break
    # shellcheck disable=SC2086
    kill -"$signal" $pids 2>/dev/null || true
    sleep 1
  done
  [ -z "$child" ] || wait "$child" 2>/dev/null || true
  for point in $(mounts_below_work); do
    umount "$point" 2>/dev/null || umount -l "$point" || true
  done
  if [ -n "$(mounts_below_work)" ]; then
    # Never delete through a mount that is still there.
    echo "fresh-machine: could not unmount everything below $work; left it in place:" >&2
    mounts_below_work >&2
    exit 1
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# 1. The minimal Debian root, debootstrapped once and then taken from the cache.
prepare_root() {
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  bootstrap=$work/bootstrap
  started=$(now)
  log "debootstrap --variant=minbase $suite (no cached root yet)"
  if ! run debootstrap --variant=minbase "$suite" "$bootstrap" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    die "debootstrap failed (log above)"
  fi
  log "debootstrap took $(($(now) - started)) s"
  # apt links libseccomp2, so minbase has it; a fresh machine may not (the
  # binaries must not need it), so it goes, and the root's apt with it.
  chroot "$bootstrap" dpkg --purge --force-depends libseccomp2 >/dev/null 2>&1
  rm -rf "$bootstrap"/var/cache/apt/archives/*.deb "$bootstrap"/var/lib/apt/lists/*
  mkdir -p "$cache"
  tar -C "$bootstrap" -czf "$root_tarball.partial" .
  mv "$root_tarball.partial" "$root_tarball"
  rm -rf "$bootstrap"
  log "cached the root as $root_tarball ($(du -h "$root_tarball" | cut -f1))"
}

# 2. Node and npm from the host, and what the root needs to reach the registry.
furnish_root() {
  install -m 755 "$node_bin" "$root/usr/bin/node"
  mkdir -p "$root/usr/lib/node_modules"
  cp -a "$npm_dir" "$root/usr/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/bin/npx"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  # A CA bundle the host's node is told to trust (a TLS-inspecting proxy's,
  # say) is part of the host's network setup, like resolv.conf.
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
    mkdir -p "$root/etc/luaward-check"
    cp -L "$NODE_EXTRA_CA_CERTS" "$root/etc/luaward-check/extra-ca.pem"
  fi
}

# 3. /proc, and a /dev of its own with the few nodes a process expects.
mount_root() {
  mount -t proc proc "$root/proc"
  mount -t tmpfs -o mode=755,size=1m,nosuid tmpfs "$root/dev"
  mknod -m 666 "$root/dev/null" c 1 3
  mknod -m 666 "$root/dev/zero" c 1 5
  mknod -m 666 "$root/dev/full" c 1 7
  mknod -m 666 "$root/dev/random" c 1 8
  mknod -m 666 "$root/dev/urandom" c 1 9
  mknod -m 666 "$root/dev/tty" c 5 0
  mkdir "$root/dev/pts" "$root/dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts"
  ln -s pts/ptmx "$root/dev/ptmx"
  ln -s /proc/self/fd "$root/dev/fd"
  ln -s /proc/self/fd/0 "$root/dev/stdin"
  ln -s /proc/self/fd/1 "$root/dev/stdout"
  ln -s /proc/self/fd/2 "$root/dev/stderr"
}

in_root() {
  extra_ca=
  [ -f "$root/etc/luaward-check/extra-ca.pem" ] && extra_ca=NODE_EXTRA_CA_CERTS=/etc/luaward-check/extra-ca.pem
  # shellcheck disable=SC2086
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    ${http_proxy:+http_proxy=$http_proxy} ${https_proxy:+https_proxy=$https_proxy} ${no_proxy:+no_proxy=$no_proxy} \
    $extra_ca "$@"
}

total_started=$(now)
if [ ! -f "$root_tarball" ]; then prepare_root; fi
started=$(now)
mkdir "$root"
run tar -C "$root" -xzf "$root_tarball"
log "unpacked the cached root in $(($(now) - started)) s"

furnish_root
mount_root
log "the root has Debian $(cat "$root/etc/debian_version") and node $(in_root node --version), npm $(in_root npm --version)"

started=$(now)
mkdir -p "$root/luaward/tools"
run node "$repo/tools/test-install.mjs" --pack-only --tarballs "$root/luaward/packs"
cp "$repo/tools/test-install.mjs" "$root/luaward/tools/"
cp "$repo/package.json" "$repo/README.md" "$root/luaward/"
mkdir -p "$root/luaward/packages/security-corpus"
cp -r "$repo/packages/security-corpus/scripts" "$root/luaward/packages/security-corpus/"
log "packed on the host in $(($(now) - started)) s"

started=$(now)
run in_root node /luaward/tools/test-install.mjs --tarballs /luaward/packs --project /luaward/app --fresh-system
log "installed and checked inside the root in $(($(now) - started)) s"
log "done in $(($(now) - total_started)) s"
