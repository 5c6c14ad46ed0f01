// Runs one corpus case against a LuaEngine class and records what happened, as plain data
// that survives structured cloning. The suite runs it in its own process, and in a child
// process (isolated-case.js) for cases that could crash or write to stdio, so this module
// is plain JavaScript that Node runs without a compile step (types in run-case.d.ts).
import {
  AbortError,
  ClosedError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  MemoryLimitError,
  OutputLimitError,
  ProtocolError,
  TimeoutError,
  WorkerCrashedError,
} from '@luaward/protocol';

/** Every shared error class, by its code. */
export const ERROR_CLASSES = new Map(
  [
    LuaSyntaxError,
    LuaRuntimeError,
    MemoryLimitError,
    InstructionLimitError,
    OutputLimitError,
    ConversionError,
    ClosedError,
    TimeoutError,
    WorkerCrashedError,
    ProtocolError,
    AbortError,
  ].map((ErrorClass) => [new ErrorClass('').code, ErrorClass]),
);

// The request that shows an engine still works after a case.
const HEALTH_CHECK = 'return 1 + 1';

function describeError(error) {
  const code = typeof error?.code === 'string' ? error.code : '';
  return {
    kind: 'error',
    code,
    name: typeof error?.name === 'string' ? error.name : typeof error,
    message: typeof error?.message === 'string' ? error.message : String(error),
    // The class the code stands for recognises the error (by its marker, as users check).
    typed: ERROR_CLASSES.get(code)?.isInstance(error) === true,
  };
}

function settle(operation) {
  try {
    return { kind: 'result', value: operation() };
  } catch (error) {
    return describeError(error);
  }
}

function runFollowUp(engine, step) {
  if ('call' in step) return engine.call(step.call, ...step.args);
  if ('functionExists' in step) return engine.functionExists(step.functionExists);
  return engine.close();
}

/**
 * Runs `plan` in a fresh engine: the script, the follow-up if any, then the health check
 * (which must fail with ClosedError when the case closed the engine), then close.
 */
export function runCase(LuaEngine, plan) {
  const printed = [];
  let lines = [];
  const request = (operation) => {
    lines = [];
    printed.push(lines);
    return settle(operation);
  };
  let engine;
  try {
    engine = new LuaEngine({ ...plan.engineOptions, onPrint: (text) => lines.push(text) });
  } catch (error) {
    return { construct: describeError(error), printed };
  }
  const run = { printed };
  run.execute = request(() => engine.execute(plan.source, plan.executeOptions));
  if (plan.followUp) run.followUp = request(() => runFollowUp(engine, plan.followUp));
  const closedByCase = plan.followUp !== undefined && 'close' in plan.followUp;
  run.afterwards = request(() => engine.execute(HEALTH_CHECK));
  if (!closedByCase) {
    run.memoryUsage = settle(() => engine.memoryUsage());
    run.close = settle(() => engine.close());
  }
  return run;
}
