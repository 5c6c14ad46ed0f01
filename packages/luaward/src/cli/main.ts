#!/usr/bin/env node
// The `luaward` command: `luaward run <file | ->`, `luaward repl`, `--help`, `--version`.
// Exit status: 0 on success, 1 when the script (or the VM) fails, 2 for a usage error.
import { parseCommandLine, type Command } from './arguments.js';
import { HELP, packageVersion } from './help.js';
import { replCommand } from './repl-command.js';
import { runCommand } from './run-command.js';
import { UsageError } from './usage-error.js';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

async function execute(command: Command): Promise<number> {
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${HELP}\n`);
      return 0;
    case 'version':
      process.stdout.write(`luaward ${packageVersion()}\n`);
      return 0;
    case 'run':
      return runCommand(command.script, command.vm);
    case 'repl':
      return replCommand(command.vm);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    return await execute(parseCommandLine(argv));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`luaward: ${error.message}${error.pointToHelp ? ' (see luaward --help)' : ''}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`luaward: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

// A reader that went away (`luaward run x.lua | head -1`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
