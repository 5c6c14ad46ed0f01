import { TimeoutError, WorkerCrashedError, type ClosedError, type ProtocolError } from '@luaward/protocol';
import { abortError } from './abort.js';
import type { WorkerExit } from './launchers/worker-process.js';
import type { PendingRequest } from './pending-request.js';

/** Why a worker is being taken down: the first of these ends it, later ones change nothing. */
export type Failure =
  /** The launcher failed: `error` is what it threw or rejected with. */
  | { kind: 'launch'; error: unknown }
  /** The handshake did not finish within `startupTimeout` ms. */
  | { kind: 'startup-timeout'; startupTimeout: number }
  /** The worker cannot serve this host (it answered `init` with an error, or lacks a capability). */
  | { kind: 'refused'; error: Error }
  /** The process ended, or its channel failed (`cause`, when it did). */
  | { kind: 'exit'; cause: Error | undefined }
  /** The worker broke the protocol. */
  | { kind: 'violation'; error: ProtocolError }
  /** `request` ran past its timeout. */
  | { kind: 'timeout'; request: PendingRequest }
  /** `request` was aborted and the worker cannot be interrupted. */
  | { kind: 'abort'; request: PendingRequest }
  /** The supervisor closed the worker. */
  | { kind: 'closed'; error: ClosedError };

/** What each party waiting on a failed worker is told. */
export interface FailureErrors {
  /** What the start of the worker rejects with. */
  readonly start: Error;
  /** What the requests of the worker fail with, and what its callbacks are orphaned by. */
  readonly crash: Error;
  /** What `request` fails with: `crash`, unless it is the culprit of a timeout or an abort. */
  requestError(request: PendingRequest): Error;
}

/**
 * Maps a worker's failure, and how its process ended (`exit`, undefined when unknown or never
 * launched), to the typed errors of everyone who waited on it. Before the worker was ready
 * (`ready` false) nothing but the start waits on it, and the requests (none yet) would see the
 * start's error.
 */
export function failureErrors(failure: Failure, exit: WorkerExit | undefined, ready: boolean): FailureErrors {
  const start = startError(failure, exit);
  const crash = ready ? crashError(failure, exit) : start;
  return { start, crash, requestError: (request) => culpritError(failure, request) ?? crash };
}

/** The error of the request that caused the failure, when one did. */
function culpritError(failure: Failure, request: PendingRequest): Error | undefined {
  if (failure.kind === 'timeout' && failure.request === request) {
    return new TimeoutError(`the request ran past its timeout of ${request.timeout} ms; the worker was killed and its Lua state is gone`, {
      timeout: request.timeout,
    });
  }
  if (failure.kind === 'abort' && failure.request === request) return abortError(request.signal!, '; the worker was killed to stop it');
  return undefined;
}

/** What the start rejects with. */
function startError(failure: Failure, exit: WorkerExit | undefined): Error {
  switch (failure.kind) {
    case 'launch':
      return failure.error instanceof Error
        ? failure.error
        : new WorkerCrashedError(`the worker could not be launched: ${String(failure.error)}`);
    case 'startup-timeout': {
      const timeout = failure.startupTimeout;
      return new TimeoutError(`the worker did not become ready within ${timeout} ms (startupTimeout)`, { timeout });
    }
    case 'refused':
    case 'closed':
      return failure.error;
    default:
      return crashError(failure, exit);
  }
}

/** What requests of a worker that went down fail with (the culprit of a timeout or abort aside). */
function crashError(failure: Failure, exit: WorkerExit | undefined): Error {
  const status = { exitCode: exit?.exitCode ?? null, signal: exit?.signal ?? null };
  const stderr = exit?.stderr === undefined ? '' : `; its last output on stderr: ${exit.stderr}`;
  switch (failure.kind) {
    case 'violation':
      return new WorkerCrashedError(`the worker broke the protocol and was killed: ${failure.error.message}${stderr}`, {
        ...status,
        cause: failure.error,
      });
    case 'timeout':
      return new WorkerCrashedError(
        `the worker was killed: a request ran past its timeout of ${failure.request.timeout} ms${stderr}`,
        status,
      );
    case 'abort':
      return new WorkerCrashedError(`the worker was killed to stop an aborted request${stderr}`, status);
    case 'exit':
      return new WorkerCrashedError(`the worker ${describeExit(exit)}${stderr}`, { ...status, cause: failure.cause });
    default:
      return startError(failure, exit);
  }
}

function describeExit(exit: WorkerExit | undefined): string {
  if (exit?.signal) return `was killed by signal ${exit.signal}`;
  if (exit?.exitCode !== null && exit?.exitCode !== undefined) return `exited with code ${exit.exitCode}`;
  return 'closed its channel';
}
