import { createRequire } from 'node:module';

/** This package's version, from its package.json (two levels up from src/cli and dist/cli alike). */
export function packageVersion(): string {
  const manifest = createRequire(import.meta.url)('../../package.json') as { version: string };
  return manifest.version;
}

export const USAGE = `Usage: luaward run <file.lua | -> [options]
       luaward repl [options]
       luaward --help | --version`;

export const HELP = `${USAGE}

Runs untrusted Lua 5.4 in an isolated, sandboxed worker process with limits on
memory, instructions, output and time.

Commands:
  run <file>    run a script ('-' reads it from stdin); prints what it prints,
                then what it returns
  repl          an interactive prompt on one VM: its state lasts until you leave
                (.exit or Ctrl-D); an expression's value is printed, Ctrl-C
                stops a running line, .help lists the keys; history in
                ~/.luaward_repl_history (LUAWARD_REPL_HISTORY names another
                file, empty for none)

Options:
  --memory <size>         memory the Lua state may use (default 64MB);
                          units B, KB, MB, GB, with 1 KB = 1024 bytes
                          (KiB, MiB, GiB are the same)
  --timeout <duration>    wall-clock limit of each run (default 30s);
                          units ms, s, m; past it the worker is killed
  --instructions <count>  instruction budget of each run (default 100000000);
                          a whole number: 1000000, 1e6, 1.5e6
  --lib <names>           extra libraries, comma-separated: utf8, coroutine
  -h, --help              show this help
  -v, --version           print the version

Exit status: 0 on success, 1 when the script fails, 2 for a usage error.`;
