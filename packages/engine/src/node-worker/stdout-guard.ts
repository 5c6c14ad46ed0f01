// Descriptor 1 carries protocol frames and nothing else: one stray `console.log` would corrupt
// the stream. This module is imported first, so before any other code runs, `console` and
// `process.stdout` write to standard error. Descriptor 1 itself is only ever written by the
// frame transport (process.stdout would also make it non-blocking).
import { Console } from 'node:console';

const stderrConsole = new Console({ stdout: process.stderr, stderr: process.stderr });
Object.defineProperty(globalThis, 'console', { value: stderrConsole, writable: true, configurable: true });
Object.defineProperty(process, 'stdout', { get: () => process.stderr, configurable: true });
