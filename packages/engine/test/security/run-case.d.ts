import type { LuaWardError } from '@luaward/protocol';

/** An operation on the same engine after the script ran. */
export type FollowUp = { call: string; args: unknown[] } | { functionExists: string } | { close: true };

export declare const ERROR_CLASSES: ReadonlyMap<string, { isInstance(error: unknown): error is LuaWardError }>;

/** How one request or engine operation ended. */
export type StepOutcome =
  | { kind: 'result'; value: unknown }
  | {
      kind: 'error';
      code: string;
      name: string;
      message: string;
      /** The shared class of `code` recognises the error. */
      typed: boolean;
    };

export interface CasePlan {
  source: string;
  engineOptions: Record<string, unknown>;
  executeOptions: Record<string, unknown>;
  followUp: FollowUp | undefined;
}

export interface CaseRun {
  /** Set when the engine could not be created; nothing else ran. */
  construct?: StepOutcome;
  execute?: StepOutcome;
  followUp?: StepOutcome;
  /** `return 1 + 1` on the same engine after the case. */
  afterwards?: StepOutcome;
  /** memoryUsage() after the case, unless the case closed the engine. */
  memoryUsage?: StepOutcome;
  /** close() at the end, unless the case closed the engine itself. */
  close?: StepOutcome;
  /** What onPrint received, one array per request in the order they ran. */
  printed: string[][];
}

export interface LuaEngineClass {
  new (options: Record<string, unknown>): {
    execute(code: string, options?: Record<string, unknown>): unknown;
    call(name: string, ...args: unknown[]): unknown;
    functionExists(name: string): boolean;
    memoryUsage(): number;
    close(): void;
  };
}

export declare function runCase(LuaEngine: LuaEngineClass, plan: CasePlan): CaseRun;
