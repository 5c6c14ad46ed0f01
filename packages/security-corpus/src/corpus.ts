// The hostile-script corpus. Every file scripts/<category>/<name>.lua is a Lua script that
// attacks the sandbox or its limits. Its leading comment block (plain Lua comments, so the
// file runs as it is) states the hazard and the exact outcome:
//
//   -- hazard: what the script attacks (continuation lines start with "--" and two spaces)
//   -- expect: result <JSON>           the exact value execute returns
//   -- expect: none                    execute completes with no value (undefined)
//   -- expect: error <CODE> [/re/flags]  the typed error, its message matched by the regex
//   -- options: <JSON object>          LuaEngine options (JSON-expressible ones)
//   -- execute: <JSON object>          options of the execute call
//   -- output: <JSON array of strings> every line onPrint receives, over all requests
//   -- then: <JSON step>               a follow-up on the same engine: {"call": name,
//                                      "args": [...]}, {"functionExists": name} or
//                                      {"close": true}
//   -- then-expect: <outcome>          the follow-up's outcome, in expect's syntax
//   -- needs: isolated-vm              one C call no hook can stop: only a killed worker
//                                      ends it, so only the isolated VM may run it
//   -- isolate: process                run in a child process: a hole here takes the
//                                      whole process down (a crash or a write to stdio)
//
// Three suites run the corpus: the in-process engine's and the native worker's
// (packages/engine/test/hostile-corpus.test.ts, test/native-worker/hostile-corpus.test.ts) and
// the isolated VM's (packages/luaward/test/hostile-corpus*.test.ts), all through loadCorpus().
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ERROR_CLASSES } from './error-classes.js';

export const CATEGORIES = ['escape', 'memory', 'cpu', 'crash', 'output'] as const;
export type Category = (typeof CATEGORIES)[number];

/** What a request must end in. */
export type Outcome = { kind: 'result'; value: unknown } | { kind: 'none' } | { kind: 'error'; code: string; message: RegExp | undefined };

/** An operation on the same engine or VM after the script ran. */
export type FollowUp = { call: string; args: unknown[] } | { functionExists: string } | { close: true };

export interface CorpusCase {
  /** `<category>/<name>`, such as `cpu/pcall-swallow-loop`. */
  id: string;
  category: Category;
  path: string;
  /** The whole file, header included: the header is Lua comments. */
  source: string;
  hazard: string;
  expect: Outcome;
  engineOptions: Record<string, unknown>;
  executeOptions: Record<string, unknown>;
  /** Every line onPrint must receive, in order, over all the case's requests. */
  output: string[] | undefined;
  followUp: { step: FollowUp; expect: Outcome } | undefined;
  /** Set when only the isolated VM can run the script (one long C call). */
  needs: 'isolated-vm' | undefined;
  /** Run in a child process, so that a crash or a write to stdio fails one case only. */
  isolate: boolean;
}

/** The folder of the scripts, `scripts/<category>/<name>.lua` of this package. */
export const SCRIPTS_DIR = fileURLToPath(new URL('../scripts/', import.meta.url));

const ENGINE_OPTION_KEYS = new Set(['memoryLimit', 'instructionLimit', 'outputLimit', 'libs', 'maxValueDepth', 'maxValueSize']);
const EXECUTE_OPTION_KEYS = new Set(['chunkName', 'instructionLimit', 'results']);
const HEADER_KEYS = new Set(['hazard', 'expect', 'options', 'execute', 'output', 'then', 'then-expect', 'needs', 'isolate']);

/** A script whose header does not follow the corpus format. */
export class CorpusHeaderError extends Error {
  constructor(id: string, problem: string) {
    super(`${id}: ${problem}`);
    this.name = 'CorpusHeaderError';
  }
}

/** Reads the `-- key: value` lines at the top of `source`, with their continuations. */
function readHeader(id: string, source: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | undefined;
  for (const [index, line] of source.split('\n').entries()) {
    if (!line.startsWith('--')) break;
    const where = `line ${index + 1}`;
    const continuation = /^--\s{2,}(\S.*)$/.exec(line);
    if (continuation) {
      if (last === undefined) throw new CorpusHeaderError(id, `${where}: a continuation line before any field`);
      fields.set(last, `${fields.get(last)} ${continuation[1]}`);
      continue;
    }
    const field = /^-- ([a-z-]+): (.+)$/.exec(line);
    if (!field) throw new CorpusHeaderError(id, `${where}: expected "-- key: value", got ${JSON.stringify(line)}`);
    const [, key, value] = field as unknown as [string, string, string];
    if (!HEADER_KEYS.has(key)) throw new CorpusHeaderError(id, `${where}: unknown field "${key}"`);
    if (fields.has(key)) throw new CorpusHeaderError(id, `${where}: field "${key}" given twice`);
    fields.set(key, value.trim());
    last = key;
  }
  return fields;
}

function parseJson(id: string, field: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorpusHeaderError(id, `${field} is not valid JSON: ${(error as Error).message}`);
  }
}

function parseObject(id: string, field: string, text: string | undefined, allowed: Set<string>): Record<string, unknown> {
  if (text === undefined) return {};
  const value = parseJson(id, field, text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CorpusHeaderError(id, `${field} must be a JSON object`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) throw new CorpusHeaderError(id, `${field} has an unknown option "${key}"`);
  }
  return value as Record<string, unknown>;
}

export function parseOutcome(id: string, field: string, text: string): Outcome {
  if (text === 'none') return { kind: 'none' };
  const result = /^result (.+)$/.exec(text);
  if (result) return { kind: 'result', value: parseJson(id, field, result[1] as string) };
  const error = /^error (ERR_LUAWARD_[A-Z_]+)(?: \/(.+)\/([a-z]*))?$/.exec(text);
  if (!error) throw new CorpusHeaderError(id, `${field} must be "none", "result <JSON>" or "error <CODE> [/regex/]"`);
  const [, code, pattern, flags] = error as unknown as [string, string, string | undefined, string | undefined];
  if (!ERROR_CLASSES.has(code)) throw new CorpusHeaderError(id, `${field} names an unknown error code ${code}`);
  let message: RegExp | undefined;
  if (pattern !== undefined) {
    try {
      message = new RegExp(pattern, flags);
    } catch (problem) {
      throw new CorpusHeaderError(id, `${field} has an invalid regex: ${(problem as Error).message}`);
    }
  }
  return { kind: 'error', code, message };
}

function parseFollowUp(id: string, text: string): FollowUp {
  const step = parseJson(id, 'then', text);
  if (step !== null && typeof step === 'object' && !Array.isArray(step)) {
    const { call, args, functionExists, close } = step as Record<string, unknown>;
    const keys = Object.keys(step).sort().join(',');
    if ((keys === 'call' || keys === 'args,call') && typeof call === 'string' && (args === undefined || Array.isArray(args))) {
      return { call, args: args ?? [] };
    }
    if (keys === 'functionExists' && typeof functionExists === 'string') return { functionExists };
    if (keys === 'close' && close === true) return { close };
  }
  throw new CorpusHeaderError(id, 'then must be {"call": name, "args": [...]}, {"functionExists": name} or {"close": true}');
}

function parseOutput(id: string, text: string): string[] {
  const lines = parseJson(id, 'output', text);
  if (!Array.isArray(lines) || !lines.every((line) => typeof line === 'string')) {
    throw new CorpusHeaderError(id, 'output must be a JSON array of strings');
  }
  return lines;
}

/** Parses one script; `id` is `<category>/<name>`. Throws CorpusHeaderError naming what is wrong. */
export function parseCase(id: string, path: string, source: string): CorpusCase {
  const category = id.split('/')[0] as Category;
  if (!CATEGORIES.includes(category)) throw new CorpusHeaderError(id, `unknown category "${category}"`);
  const fields = readHeader(id, source);
  const hazard = fields.get('hazard');
  const expect = fields.get('expect');
  if (hazard === undefined) throw new CorpusHeaderError(id, 'the header has no "hazard" field');
  if (expect === undefined) throw new CorpusHeaderError(id, 'the header has no "expect" field');
  const then = fields.get('then');
  const thenExpect = fields.get('then-expect');
  if ((then === undefined) !== (thenExpect === undefined)) {
    throw new CorpusHeaderError(id, '"then" and "then-expect" go together');
  }
  const needs = fields.get('needs');
  if (needs !== undefined && needs !== 'isolated-vm') throw new CorpusHeaderError(id, 'needs must be "isolated-vm"');
  const isolate = fields.get('isolate');
  if (isolate !== undefined && isolate !== 'process') throw new CorpusHeaderError(id, 'isolate must be "process"');
  const output = fields.get('output');
  return {
    id,
    category,
    path,
    source,
    hazard,
    expect: parseOutcome(id, 'expect', expect),
    engineOptions: parseObject(id, 'options', fields.get('options'), ENGINE_OPTION_KEYS),
    executeOptions: parseObject(id, 'execute', fields.get('execute'), EXECUTE_OPTION_KEYS),
    output: output === undefined ? undefined : parseOutput(id, output),
    followUp:
      then === undefined || thenExpect === undefined
        ? undefined
        : { step: parseFollowUp(id, then), expect: parseOutcome(id, 'then-expect', thenExpect) },
    needs,
    isolate: isolate !== undefined,
  };
}

/** Loads and parses every script of the corpus, sorted by id. */
export function loadCorpus(dir: string = SCRIPTS_DIR): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of readdirSync(join(dir, entry.name))) {
      if (!file.endsWith('.lua')) continue;
      const path = join(dir, entry.name, file);
      cases.push(parseCase(`${entry.name}/${file.slice(0, -'.lua'.length)}`, path, readFileSync(path, 'utf8')));
    }
  }
  return cases.sort((a, b) => a.id.localeCompare(b.id));
}
