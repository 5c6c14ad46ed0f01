import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { NATIVE_TESTS_PATH } from './worker-process.js';

const GOLDEN_DIR = fileURLToPath(new URL('../../../protocol/golden', import.meta.url));

describe('the native test program', () => {
  it('passes every C++ check: framing, the input thread, wire values, golden vectors, confinement', () => {
    const run = spawnSync(NATIVE_TESTS_PATH, ['--golden', GOLDEN_DIR], { encoding: 'utf8', env: {} });
    expect(run.stderr).toBe('');
    const failures = run.stdout.split('\n').filter((line) => line.startsWith('not ok') || line.startsWith('#   '));
    expect(failures).toEqual([]);
    expect(run.status).toBe(0);
    const summary = /^# (\d+) tests, 0 failed$/m.exec(run.stdout);
    expect(summary).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThanOrEqual(20);
    // Every golden vector was checked (the program itself fails when one is left out).
    expect(run.stdout).toMatch(
      /^# golden: \d+ valid \(\d+ host messages decoded, \d+ worker messages encoded, \d+ bodies decoded\), \d+ invalid \(\d+ refused, \d+ host messages sent by a worker\)$/m,
    );
    const confinement =
      process.platform === 'linux'
        ? [
            'forbiddenCallsKillTheProcess',
            'whatTheWorkerNeedsStillWorks',
            'aThreadStartedBeforeTheConfinementIsConfinedToo',
            'whatTheInputThreadNeedsStillWorks',
          ]
        : [];
    for (const name of [
      'goldenVectors',
      'aTooLongFrameIsRefusedFromItsPrefixAlone',
      'inputInterruptStopsARunningRequest',
      ...confinement,
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^ok \\d+ - ${name}$`, 'm'));
    }
  });
});
