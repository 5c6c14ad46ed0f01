import { LuaWardError, capMessage, errorToWire, type ErrorMessage } from '@luaward/protocol';

/**
 * The `error` reply for what a request threw.
 *
 * - The engine's own errors keep their code and fields.
 * - A TypeError or RangeError is the engine refusing the request's arguments (an empty chunk
 *   name, a name with NUL, options it cannot honour): ERR_LUAWARD_PROTOCOL, "refused".
 * - When the failure is a host callback's `callbackError` (the engine sets it as the `cause` of
 *   the LuaRuntimeError), `callbackId` names that callback so the host can attach its own error.
 *
 * @param callbackIds the Error objects this worker raised for `callbackError` messages, by id.
 */
export function errorReply(id: number, error: unknown, callbackIds: WeakMap<object, number>): ErrorMessage {
  if (!LuaWardError.isInstance(error) && (error instanceof TypeError || error instanceof RangeError)) {
    return { type: 'error', id, code: 'ERR_LUAWARD_PROTOCOL', message: capMessage(error.message) };
  }
  const reply = errorToWire(id, error);
  reply.message = capMessage(reply.message);
  const cause: unknown = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  const callbackId = typeof cause === 'object' && cause !== null ? callbackIds.get(cause) : undefined;
  if (callbackId !== undefined) reply.callbackId = callbackId;
  return reply;
}
