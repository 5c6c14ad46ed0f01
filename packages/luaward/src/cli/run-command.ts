import { readFile } from 'node:fs/promises';

import { IsolatedLuaVM } from '../isolated-vm.js';

import type { VMFlags } from './arguments.js';
import { describeError } from './describe-error.js';
import { renderResults } from './render.js';
import { UsageError } from './usage-error.js';

/** Chunk name of a script read from stdin, as Lua's own interpreter names it. */
export const STDIN_CHUNK_NAME = 'stdin';

const NEWLINE = 0x0a;
const HASH = 0x23;

/** A first line starting with `#` (a `#!` line) is skipped, as Lua's interpreter does; its newline stays so line numbers do not move. */
function withoutShebang(source: Uint8Array): Uint8Array {
  if (source[0] !== HASH) return source;
  const end = source.indexOf(NEWLINE);
  return end === -1 ? new Uint8Array(0) : source.subarray(end);
}

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function whyUnreadable(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
      return 'permission denied';
    default:
      return error.message;
  }
}

async function readScript(script: string): Promise<Uint8Array> {
  if (script === '-') return withoutShebang(await readAll(process.stdin));
  try {
    return withoutShebang(await readFile(script));
  } catch (error) {
    throw new UsageError(`cannot read ${script}: ${whyUnreadable(error as NodeJS.ErrnoException)}`, { pointToHelp: false });
  }
}

/**
 * `luaward run`: runs the script in a fresh VM, prints its output as it comes and then what it
 * returned. Resolves to the exit status: 0, or 1 with one line on stderr when the script (or the
 * VM's start) fails.
 */
export async function runCommand(script: string, flags: VMFlags): Promise<number> {
  const source = await readScript(script);
  const chunkName = script === '-' ? STDIN_CHUNK_NAME : script;
  let vm: IsolatedLuaVM;
  try {
    vm = await IsolatedLuaVM.create({ ...flags, onPrint: (text) => process.stdout.write(`${text}\n`) });
  } catch (error) {
    process.stderr.write(`luaward: could not start the Lua VM: ${describeError(error)}\n`);
    return 1;
  }
  try {
    const values = await vm.execute(source, { chunkName, results: 'all' });
    if (values.length > 0) process.stdout.write(`${renderResults(values)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`luaward: ${describeError(error, chunkName)}\n`);
    return 1;
  } finally {
    await vm.close();
  }
}
