// Child-process entry for corpus cases marked "isolate: process": runs one case against
// the built package and writes the structured-clone of what happened to file descriptor 3,
// so the script's own stdout and stderr stay empty unless the sandbox leaks into them.
// Usage: node isolated-case.js <path of the built engine's index.js>, the plan as JSON on stdin.
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';

import { runCase } from './run-case.js';

const REPORT_FD = 3;

const [enginePath] = process.argv.slice(2);
if (!enginePath) throw new Error('usage: node isolated-case.js <engine index.js> < plan.json');
const plan = JSON.parse(readFileSync(0, 'utf8'));
const { LuaEngine } = await import(pathToFileURL(enginePath).href);
const report = serialize(runCase(LuaEngine, plan));
for (let written = 0; written < report.length; ) written += writeSync(REPORT_FD, report, written);
