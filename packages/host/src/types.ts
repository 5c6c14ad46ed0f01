import type { HostRequest, LuaWireInput, ReadyMessage, ResultMessage, StatsReplyMessage } from '@luaward/protocol';

/**
 * Types the host's modules share. This module imports no other module of the host, so any of
 * them can use it without an import cycle.
 */

/**
 * A request as the supervisor builds it: fields in protocol order, optional ones absent rather
 * than undefined. Its `id` is 0 until the connection sends it.
 */
export type OutgoingRequest = Exclude<HostRequest<LuaWireInput>, { type: 'init' }>;

/** The successful replies a request can get (an `error` reply rejects it instead). */
export type RequestReply = ReadyMessage | ResultMessage | StatsReplyMessage;

/**
 * What a worker connection reports to the supervisor that drives it, through its one callback.
 * - `idle`: the worker finished its top-level request and runs nothing: the supervisor may send
 *   it the next one (`run`).
 * - `ended`: the worker is gone and reaped, and every request it held has failed. Reported once,
 *   also when the start failed; `error` is what requests of this worker failed with.
 */
export type ConnectionEvent = { type: 'idle' } | { type: 'ended'; error: Error };
