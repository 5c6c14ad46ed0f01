// The hostile-script corpus (@luaward/security-corpus) in the in-process engine: each script
// runs in a fresh LuaEngine with its header's options and must end in the outcome the header
// states, print what it states and no more than the output limit, stay within the memory
// limit, and leave an engine that still answers (or, after a case closed it, throws
// ClosedError). Scripts marked `isolate: process` run in a child process against the built
// package (fixtures/corpus-case-child.js), so that a hole crashes or hangs one child.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { deserialize } from 'node:v8';

import { CATEGORIES, loadCorpus, type CorpusCase, type Outcome } from '@luaward/security-corpus';
import { describe, expect, it } from 'vitest';

import { DEFAULT_ENGINE_OPTIONS, LuaEngine } from '../src/index.js';
import { runCase, type CasePlan, type CaseRun, type StepOutcome } from './fixtures/corpus-case.js';

// A watchdog, not a timing assertion: a case takes well under a second, so a child process
// still running after half a minute is stuck in a loop that escaped every limit.
const HUNG_AFTER_MS = 30_000;
const BUILT_ENGINE = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const ISOLATED_CASE = fileURLToPath(new URL('./fixtures/corpus-case-child.js', import.meta.url));
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

/** Runs the case in a child process against the built package (see fixtures/corpus-case-child.js). */
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

describe('the hostile corpus in the in-process engine', () => {
  it(`has at least ${MIN_IN_PROCESS_CASES} scripts that run in-process, in every category`, () => {
    expect(inProcess.length).toBeGreaterThanOrEqual(MIN_IN_PROCESS_CASES);
    for (const category of CATEGORIES)
      expect(
        inProcess.some((c) => c.category === category),
        category,
      ).toBe(true);
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
