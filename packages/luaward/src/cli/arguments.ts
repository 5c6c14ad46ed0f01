import { parseArgs } from 'node:util';

import { DEFAULT_VM_OPTIONS, type IsolatedLuaVMOptions } from '../options.js';
import type { LuaLibrary } from '@luaward/protocol';

import { parseCount, parseDuration, parseSize } from './units.js';
import { UsageError } from './usage-error.js';

/** The limits the flags set (the VM's defaults for the others). */
export type VMFlags = Pick<IsolatedLuaVMOptions, 'memoryLimit' | 'timeout' | 'instructionLimit' | 'libs'>;

export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; script: string; vm: VMFlags } | { kind: 'repl'; vm: VMFlags };

/** Libraries `--lib` may add: the others are always open. */
const OPTIONAL_LIBRARIES: readonly LuaLibrary[] = ['utf8', 'coroutine'];

const OPTIONS = {
  memory: { type: 'string' },
  timeout: { type: 'string' },
  instructions: { type: 'string' },
  lib: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function parseLibs(values: readonly string[]): LuaLibrary[] {
  const libs = new Set<LuaLibrary>(DEFAULT_VM_OPTIONS.libs);
  for (const name of values.flatMap((value) => value.split(','))) {
    const lib = name.trim() as LuaLibrary;
    if (DEFAULT_VM_OPTIONS.libs.includes(lib)) continue;
    if (!OPTIONAL_LIBRARIES.includes(lib)) {
      throw new UsageError(`--lib: unknown library '${name.trim()}' (choose from ${OPTIONAL_LIBRARIES.join(', ')})`);
    }
    libs.add(lib);
  }
  return [...libs];
}

function parseFlags(values: { memory?: string; timeout?: string; instructions?: string; lib?: string[] }): VMFlags {
  const flags: VMFlags = {};
  if (values.memory !== undefined) flags.memoryLimit = parseSize(values.memory, '--memory');
  if (values.timeout !== undefined) flags.timeout = parseDuration(values.timeout, '--timeout');
  if (values.instructions !== undefined) flags.instructionLimit = parseCount(values.instructions, '--instructions');
  if (values.lib !== undefined) flags.libs = parseLibs(values.lib);
  return flags;
}

/** parseArgs's own message, shortened where it goes on about positionals. */
function explainParseFailure(error: Error & { code?: string }): string {
  const option = /'(-[^']*)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) return `unknown option '${option}'`;
  return error.message.charAt(0).toLowerCase() + error.message.slice(1);
}

function parseOptions(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(explainParseFailure(error as Error & { code?: string }));
  }
}

/** What the command line asks for. Throws UsageError when it makes no sense. */
export function parseCommandLine(argv: readonly string[]): Command {
  const parsed = parseOptions(argv);
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...rest] = positionals;
  switch (command) {
    case 'run': {
      if (rest.length !== 1)
        throw new UsageError(rest.length === 0 ? 'run needs a script file, or - for stdin' : `run takes one script, got ${rest.length}`);
      return { kind: 'run', script: rest[0] as string, vm: parseFlags(values) };
    }
    case 'repl':
      if (rest.length !== 0) throw new UsageError(`repl takes no file, got '${rest[0]}'`);
      return { kind: 'repl', vm: parseFlags(values) };
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}
