// Finds the Lua that the native build compiles in.
//
// LuaWard builds a pinned Lua release itself, from the upstream tarball that
// Debian's source packages carry (Debian ships it unchanged as the package's
// `.orig.tar.gz`). `apt-get source --download-only` fetches it through a
// temporary sources list, so the machine's apt configuration is untouched; the
// file is checked against a pinned SHA-256 and kept in a cache outside the
// work tree, so later builds are offline. Only where that is impossible does
// the build fall back to the system's Lua 5.4 through pkg-config, and says so.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Lua release LuaWard builds, and where Debian keeps its upstream tarball. */
export const LUA_RELEASE = {
  version: '5.4.9',
  debianSource: 'lua5.4',
  tarball: 'lua5.4_5.4.9.orig.tar.gz',
  sha256: '2335b6c582a52654f94612bf10d2f4672805d05329aa6568b1d8cd9e5c6fb8e6',
  // Debian's suites that carry the release; the first that has it wins.
  suites: ['testing', 'unstable'],
};

// Releases before 5.4.8 have crashers a script can reach; docs/security.md lists them.
const FIXED_IN = '5.4.8';
const KNOWN_BUGS_BEFORE_FIXED = [
  'a segmentation fault from deep coroutine.close chains',
  'a segmentation fault from getobjname recursion over a looping __index',
  'wrong code for bitwise operators on constants past the 256th',
  'a use after free when an emergency collection frees a weak __newindex table',
];

const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/** Where fetched tarballs and their extracted trees live across builds. */
export function cacheDir() {
  if (process.env.LUAWARD_CACHE_DIR) return process.env.LUAWARD_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'luaward');
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', ...options });
}

/**
 * Downloads the pinned tarball into `dir` with apt-get, through a sources list
 * and state of its own. Returns the tarball's path, or a reason it could not.
 */
function fetchWithApt(dir) {
  if (run('apt-get', ['--version']).status !== 0) return { reason: 'apt-get is not available' };
  if (!existsSync(DEBIAN_KEYRING)) return { reason: `Debian's archive keyring (${DEBIAN_KEYRING}) is not installed` };

  const work = mkdtempSync(join(tmpdir(), 'luaward-apt-'));
  try {
    const lists = join(work, 'lists');
    mkdirSync(join(lists, 'partial'), { recursive: true });
    mkdirSync(join(work, 'cache', 'archives', 'partial'), { recursive: true });
    const sourcesList = join(work, 'sources.list');
    const lines = LUA_RELEASE.suites.map((suite) => `deb-src [signed-by=${DEBIAN_KEYRING}] ${DEBIAN_MIRROR} ${suite} main`);
    writeFileSync(sourcesList, `${lines.join('\n')}\n`);
    const apt = [
      `-o=Dir::Etc::SourceList=${sourcesList}`,
      `-o=Dir::Etc::SourceParts=${join(work, 'none')}`,
      `-o=Dir::State::Lists=${lists}`,
      `-o=Dir::Cache=${join(work, 'cache')}`,
      '-o=Dir::State::status=/dev/null',
      '-o=Debug::NoLocking=1',
      // As root, apt would hand the download to its _apt user, who cannot write here.
      ...(process.getuid?.() === 0 ? ['-o=APT::Sandbox::User=root'] : []),
      '-qq',
    ];
    const update = run('apt-get', [...apt, 'update'], { cwd: work });
    if (update.status !== 0) return { reason: `apt-get update failed: ${lastLine(update.stderr)}` };

    // Any Debian revision of the release carries the same upstream tarball.
    const shown = run('apt-cache', [...apt, 'showsrc', LUA_RELEASE.debianSource], { cwd: work });
    const revisions = [...(shown.stdout ?? '').matchAll(/^Version: (\S+)$/gm)]
      .map((match) => match[1])
      .filter((version) => version.startsWith(`${LUA_RELEASE.version}-`));
    if (revisions.length === 0) return { reason: `Debian's sources no longer list ${LUA_RELEASE.debianSource} ${LUA_RELEASE.version}` };

    const download = join(work, 'download');
    mkdirSync(download);
    for (const revision of revisions) {
      // apt-get also fetches the .dsc and Debian's patches; only the upstream
      // tarball is used, so a failure to fetch the others does not matter.
      run('apt-get', [...apt, 'source', '--download-only', `${LUA_RELEASE.debianSource}=${revision}`], { cwd: download });
      const tarball = join(download, LUA_RELEASE.tarball);
      if (existsSync(tarball)) {
        const target = join(dir, LUA_RELEASE.tarball);
        copyFileSync(tarball, target);
        return { tarball: target };
      }
    }
    return { reason: `apt-get could not download ${LUA_RELEASE.tarball}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function lastLine(text) {
  return (text ?? '').trim().split('\n').pop() ?? '';
}

/**
 * The extracted source tree of the pinned release, fetching and verifying it
 * on first use. `LUAWARD_LUA_TARBALL` names a tarball to use instead of
 * fetching one (it must have the pinned checksum). Returns `{ dir }` or `{ reason }`.
 */
export function bundledLuaSource() {
  const cache = cacheDir();
  const tree = join(cache, `lua-${LUA_RELEASE.version}-${LUA_RELEASE.sha256.slice(0, 12)}`);
  if (existsSync(join(tree, 'src', 'lua.h'))) return { dir: tree };

  mkdirSync(cache, { recursive: true });
  let tarball = process.env.LUAWARD_LUA_TARBALL || join(cache, LUA_RELEASE.tarball);
  if (!existsSync(tarball)) {
    const fetched = fetchWithApt(cache);
    if (!fetched.tarball) return { reason: fetched.reason };
    tarball = fetched.tarball;
  }
  const actual = sha256(tarball);
  if (actual !== LUA_RELEASE.sha256) {
    return { reason: `${tarball} has SHA-256 ${actual}, not the pinned ${LUA_RELEASE.sha256}` };
  }

  // Extract beside the final folder and rename, so a half-extracted tree is never used.
  const staging = mkdtempSync(join(cache, 'extract-'));
  try {
    // As root, tar would keep the uid of Lua's release machine; the files are ours.
    const untar = run('tar', ['--no-same-owner', '-xzf', tarball, '-C', staging]);
    if (untar.status !== 0) return { reason: `tar could not extract ${tarball}: ${lastLine(untar.stderr)}` };
    const extracted = join(staging, `lua-${LUA_RELEASE.version}`);
    if (!existsSync(join(extracted, 'src', 'lua.h'))) return { reason: `${tarball} does not hold lua-${LUA_RELEASE.version}/src` };
    renameSync(extracted, tree);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { dir: tree };
}

/**
 * The system's Lua 5.4 as pkg-config describes it, or `{ reason }`. Names of
 * the module differ: Debian's `lua5.4`, FreeBSD's `lua-5.4`, Homebrew's `lua`.
 */
export function systemLua() {
  for (const name of ['lua5.4', 'lua-5.4', 'lua54', 'lua']) {
    const version = run('pkg-config', ['--modversion', name]);
    if (version.status !== 0) continue;
    const found = version.stdout.trim();
    if (!found.startsWith('5.4')) continue;
    const cflags = run('pkg-config', ['--cflags', name]).stdout.trim();
    const libs = run('pkg-config', ['--libs', name]).stdout.trim();
    return { name, version: found, cflags, libs };
  }
  return { reason: 'pkg-config finds no Lua 5.4' };
}

/** A warning for a system Lua older than the first release without the known crashers. */
export function systemLuaWarning(version) {
  const older = version.localeCompare(FIXED_IN, undefined, { numeric: true }) < 0;
  const bugs = older ? ` Releases before ${FIXED_IN} have bugs a hostile script can reach: ${KNOWN_BUGS_BEFORE_FIXED.join('; ')}.` : '';
  return `luaward: building against the system's Lua ${version} instead of Lua ${LUA_RELEASE.version}.${bugs}`;
}
