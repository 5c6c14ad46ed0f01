import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { deserialize } from 'node:v8';

import { LuaSyntaxError } from '@luaward/protocol';
import { describe, expect, it } from 'vitest';

import { DEFAULT_ENGINE_OPTIONS, LuaEngine } from '../../src/index.js';
import { CATEGORIES, CorpusHeaderError, SCRIPTS_DIR, loadCorpus, parseCase, type CorpusCase, type Outcome } from './corpus.js';
import { runCase, type CasePlan, type CaseRun, type StepOutcome } from './run-case.js';

// A watchdog, not a timing assertion: a case takes well under a second, so a child process
// still running after half a minute is stuck in a loop that escaped every limit.
const HUNG_AFTER_MS = 30_000;
const BUILT_ENGINE = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const ISOLATED_CASE = fileURLToPath(new URL('./isolated-case.js', import.meta.url));
const MIN_IN_PROCESS_CASES = 40;

const corpus = loadCorpus();
const inProcess = corpus.filter((c) => c.needs === undefined);

function planOf(c: CorpusCase): CasePlan {
  return { source: c.source, engineOptions: c.engineOptions, executeOptions: c.executeOptions, followUp: c.followUp?.step };
}

interface ChildRun {
  run: CaseRun | undefined;
  /** Set when the child could not be started or was killed by the watchdog. */
  failure: string | undefined;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the case in a child process against the built package (see isolated-case.js). */
function runInChildProcess(c: CorpusCase): ChildRun {
  const child = spawnSync(process.execPath, [ISOLATED_CASE, BUILT_ENGINE], {
    input: JSON.stringify(planOf(c)),
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    timeout: HUNG_AFTER_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  const report = child.output[3];
  return {
    run: report && report.length > 0 ? (deserialize(report) as CaseRun) : undefined,
    failure: child.error?.message,
    status: child.status,
    signal: child.signal,
    stdout: child.stdout.toString(),
    stderr: child.stderr.toString(),
  };
}

/** The outcome as compared: a result's value is shown as a short preview (a hostile result may be huge). */
function summary(outcome: StepOutcome | undefined): unknown {
  if (outcome?.kind !== 'result') return outcome;
  return { kind: 'result', value: inspect(outcome.value, { depth: 4, maxArrayLength: 5, maxStringLength: 20, breakLength: Infinity }) };
}

function expectOutcome(actual: StepOutcome | undefined, expected: Outcome, what: string): void {
  switch (expected.kind) {
    case 'result':
      expect(actual, what).toEqual({ kind: 'result', value: expected.value });
      break;
    case 'none':
      expect(summary(actual), `${what} (completes with no value)`).toEqual(summary({ kind: 'result', value: undefined }));
      break;
    case 'error':
      expect(summary(actual), what).toEqual({
        kind: 'error',
        code: expected.code,
        name: expect.any(String),
        message: expected.message ? expect.stringMatching(expected.message) : expect.any(String),
        typed: true,
      });
      break;
  }
}

function byteLengthOfLines(lines: string[]): number {
  // The engine counts each printed line with its newline.
  return lines.reduce((total, line) => total + Buffer.byteLength(line) + 1, 0);
}

function checkRun(c: CorpusCase, run: CaseRun): void {
  expect(run.construct, 'new LuaEngine(options)').toBeUndefined();
  expectOutcome(run.execute, c.expect, 'execute');
  if (c.followUp) expectOutcome(run.followUp, c.followUp.expect, `then ${JSON.stringify(c.followUp.step)}`);

  if (c.output) expect(run.printed.flat(), 'lines onPrint received').toEqual(c.output);
  const outputLimit = (c.engineOptions.outputLimit as number | undefined) ?? DEFAULT_ENGINE_OPTIONS.outputLimit;
  for (const lines of run.printed) expect(byteLengthOfLines(lines), 'bytes printed in one request').toBeLessThanOrEqual(outputLimit);

  if (c.followUp && 'close' in c.followUp.step) {
    expect(run.afterwards, 'a request after close').toMatchObject({ kind: 'error', code: 'ERR_LUAWARD_CLOSED', typed: true });
    return;
  }
  expect(run.afterwards, 'the same engine still runs a request').toEqual({ kind: 'result', value: 2 });
  const memoryLimit = (c.engineOptions.memoryLimit as number | undefined) ?? DEFAULT_ENGINE_OPTIONS.memoryLimit;
  expect(run.memoryUsage, 'memoryUsage()').toMatchObject({ kind: 'result' });
  expect((run.memoryUsage as { value: number }).value, 'memoryUsage() after the case').toBeLessThanOrEqual(memoryLimit);
  expect(run.close, 'close()').toStrictEqual({ kind: 'result', value: undefined });
}

describe('the security corpus', () => {
  it('parses every script under scripts/<category>/', () => {
    const files = readdirSync(SCRIPTS_DIR, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.lua'));
    const parsed = corpus.map((c) => `${c.id}.lua`);
    expect(parsed.sort()).toEqual(files.map((file) => file.replaceAll('\\', '/')).sort());
  });

  it(`has at least ${MIN_IN_PROCESS_CASES} scripts that run in-process, in every category`, () => {
    expect(inProcess.length).toBeGreaterThanOrEqual(MIN_IN_PROCESS_CASES);
    for (const category of CATEGORIES) expect(inProcess.some((c) => c.category === category), category).toBe(true);
  });

  it('leaves to the isolated VM only scripts that only a timeout can stop', () => {
    const needIsolatedVm = corpus.filter((c) => c.needs === 'isolated-vm');
    expect(needIsolatedVm.length).toBeGreaterThan(0);
    for (const c of needIsolatedVm) expect(c.expect, c.id).toEqual({ kind: 'error', code: 'ERR_LUAWARD_TIMEOUT', message: undefined });
  });

  it.each([
    ['no expect field', '-- hazard: x\nreturn 1', /no "expect" field/],
    ['an unknown field', '-- hazard: x\n-- expect: none\n-- expected: none\nreturn 1', /unknown field "expected"/],
    ['an unknown error code', '-- hazard: x\n-- expect: error ERR_LUAWARD_NOPE\nreturn 1', /unknown error code/],
    ['invalid JSON', '-- hazard: x\n-- expect: result [1,\nreturn 1', /not valid JSON/],
    ['an unknown engine option', '-- hazard: x\n-- expect: none\n-- options: {"memLimit": 1}\nreturn 1', /unknown option "memLimit"/],
    ['then without then-expect', '-- hazard: x\n-- expect: none\n-- then: {"close": true}\nreturn 1', /go together/],
    ['a malformed follow-up', '-- hazard: x\n-- expect: none\n-- then: {"call": 1}\n-- then-expect: none\nreturn 1', /then must be/],
  ])('rejects a header with %s', (_, source, problem) => {
    expect(() => parseCase('cpu/example', '/corpus/cpu/example.lua', source)).toThrow(CorpusHeaderError);
    expect(() => parseCase('cpu/example', '/corpus/cpu/example.lua', source)).toThrow(problem);
  });

  it('reads continuation lines, regexes and follow-ups from a header', () => {
    const parsed = parseCase(
      'output/example',
      '/corpus/output/example.lua',
      '-- hazard: first part\n--   second part\n-- expect: error ERR_LUAWARD_RUNTIME /a+b/i\n-- then: {"call": "f", "args": [1]}\n-- then-expect: result [1]\n-- isolate: process\nreturn 1',
    );
    expect(parsed).toMatchObject({
      hazard: 'first part second part',
      expect: { kind: 'error', code: 'ERR_LUAWARD_RUNTIME', message: /a+b/i },
      followUp: { step: { call: 'f', args: [1] }, expect: { kind: 'result', value: [1] } },
      isolate: true,
      needs: undefined,
    });
  });
});

describe.each(CATEGORIES)('hostile scripts: %s', (category) => {
  const cases = inProcess.filter((c) => c.category === category);

  it.each(cases.filter((c) => !c.isolate))('$id', (c) => {
    checkRun(c, runCase(LuaEngine, planOf(c)));
  });

  it.each(cases.filter((c) => c.isolate))('$id (in a child process, against the built package)', (c) => {
    const child = runInChildProcess(c);
    const { failure, status, signal, stderr } = child;
    expect({ failure, status, signal, stderr }, 'the child process').toEqual({
      failure: undefined,
      status: 0,
      signal: null,
      stderr: '',
    });
    expect(child.stdout, 'the process stdout').toBe('');
    checkRun(c, child.run as CaseRun);
  });
});

describe('execute', () => {
  it('refuses a binary chunk given as the source itself', () => {
    const engine = new LuaEngine();
    try {
      let thrown: unknown;
      try {
        // Only the first byte matters: "\x1b" marks a binary chunk (the rest is re-encoded as UTF-8).
        engine.execute('\x1bLuaT\x00\x19\x93\r\n\x1a\n\x04\x08\x08xV\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00(w@');
      } catch (error) {
        thrown = error;
      }
      expect(LuaSyntaxError.isInstance(thrown), String(thrown)).toBe(true);
      expect((thrown as Error).message).toMatch(/binary chunk/);
      expect(engine.execute('return 1 + 1')).toBe(2);
    } finally {
      engine.close();
    }
  });
});
