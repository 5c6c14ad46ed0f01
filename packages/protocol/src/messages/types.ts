import type { Capability, LuaLibrary, WireErrorCode } from '../constants.js';
import type { WireLimits } from '../limits/table.js';
import type { LuaWireInput, LuaWireValue } from '../values/wire-value.js';

// Every message is a MessagePack map with a string `type`. Requests carry an `id` from 1 to
// 2^32 - 1. `V` is the value type: LuaWireValue for decoded messages, LuaWireInput for messages
// given to the encoder. docs/protocol.md is the normative description of each field.

// ---------------------------------------------------------------- worker -> host

/** First message on every connection, sent by the worker unprompted. */
export interface HelloMessage {
  type: 'hello';
  /** Protocol version the worker speaks; must be PROTOCOL_VERSION. */
  protocol: number;
  worker: { name: string; version: string };
  /** The Lua engine, such as `Lua 5.4.4`. */
  engine: string;
  /** The worker's process id; 0 when it is not a process of its own. */
  pid: number;
  /** Largest frame body, in bytes, the worker accepts. */
  maxFrameLength: number;
  /** Optional features; see CAPABILITIES. Unknown names are allowed and ignored. */
  capabilities: (Capability | (string & {}))[];
}

/** The limits a worker enforces; `null` means none. Same units as {@link InitOptions}. */
export type WorkerLimits = WireLimits;

/** Reply to `init`: the worker is ready for requests. */
export interface ReadyMessage {
  type: 'ready';
  id: number;
  limits: WorkerLimits;
}

/** Reply to `execute`, `call`, `exists`, `getGlobal` and `setGlobal`. */
export interface ResultMessage<V = LuaWireValue> {
  type: 'result';
  id: number;
  /** `execute`/`call`: every returned value; `exists`: [boolean]; `getGlobal`: [value]; `setGlobal`: []. */
  values: V[];
}

/** Reply to a `stats` request. */
export interface StatsReplyMessage {
  type: 'stats';
  id: number;
  /** Bytes the Lua state holds now. */
  memory: number;
  /** Most bytes the Lua state has held, when the worker tracks it. */
  memoryPeak?: number;
  /** Instructions executed by the last request that finished before this one. */
  instructions: number;
}

/** A request failed. */
export interface ErrorMessage {
  type: 'error';
  id: number;
  code: WireErrorCode;
  message: string;
  traceback?: string;
  chunkName?: string;
  line?: number;
  /** Where in a value a conversion failed, such as `result[1].items[3]`. */
  path?: string;
  /** The limit that was reached (bytes or instructions). */
  limit?: number;
  /** The worker's callback whose `callbackError` caused this error. */
  callbackId?: number;
}

/** The script called a host callback; the host replies `callbackResult` or `callbackError`. */
export interface CallbackMessage<V = LuaWireValue> {
  type: 'callback';
  /** In the worker's own id space, independent of the host's request ids. */
  id: number;
  name: string;
  args: V[];
  /** 1 + the number of callbacks already waiting for a reply. */
  depth: number;
}

/** The text of one Lua `print()`, without the trailing newline. */
export interface PrintMessage {
  type: 'print';
  /** A string when the text is valid UTF-8, otherwise its bytes. */
  data: string | Uint8Array;
}

// ---------------------------------------------------------------- host -> worker

/** What the host asks of a worker in `init`: the limits of its Lua state ({@link WireLimits}) and the rest. */
export interface InitOptions extends WireLimits {
  /** Standard libraries to open; nothing else is opened. */
  libs: LuaLibrary[];
  /** Globals the worker defines as functions forwarding to the host. */
  callbacks: string[];
  /** Largest frame body, in bytes, the host accepts. */
  maxFrameLength: number;
}

export interface InitMessage {
  type: 'init';
  id: number;
  options: InitOptions;
}

export interface ExecuteMessage {
  type: 'execute';
  id: number;
  /** Lua source text; bytes when it is not valid UTF-8. Never a binary chunk. */
  code: string | Uint8Array;
  /** Passed to lua_load as the chunk name, such as `=input`. */
  chunkName: string;
  /** This request's budget: absent for the init default, null for none. */
  instructionLimit?: number | null;
}

export interface CallMessage<V = LuaWireValue> {
  type: 'call';
  id: number;
  /** Name of the global function. */
  name: string;
  args: V[];
  /** This request's budget: absent for the init default, null for none. */
  instructionLimit?: number | null;
}

/** Asks whether the global `name` holds a function. */
export interface ExistsMessage {
  type: 'exists';
  id: number;
  name: string;
}

export interface GetGlobalMessage {
  type: 'getGlobal';
  id: number;
  name: string;
}

export interface SetGlobalMessage<V = LuaWireValue> {
  type: 'setGlobal';
  id: number;
  name: string;
  value: V;
}

export interface StatsRequestMessage {
  type: 'stats';
  id: number;
}

/** Reply to the worker's `callback`. */
export interface CallbackResultMessage<V = LuaWireValue> {
  type: 'callbackResult';
  id: number;
  value: V;
}

/** The host callback threw; the worker raises a Lua error with `message`. */
export interface CallbackErrorMessage {
  type: 'callbackError';
  id: number;
  message: string;
}

/** Stop request `id` if it is running (only to workers with the `interrupt` capability). */
export interface InterruptMessage {
  type: 'interrupt';
  id: number;
}

/** The worker exits with status 0; no reply. */
export interface ShutdownMessage {
  type: 'shutdown';
}

// ---------------------------------------------------------------- unions

/** Every message a worker sends. */
export type WorkerMessage<V = LuaWireValue> =
  | HelloMessage
  | ReadyMessage
  | ResultMessage<V>
  | StatsReplyMessage
  | ErrorMessage
  | CallbackMessage<V>
  | PrintMessage;

/** Every message a host sends. */
export type HostMessage<V = LuaWireValue> =
  | InitMessage
  | ExecuteMessage
  | CallMessage<V>
  | ExistsMessage
  | GetGlobalMessage
  | SetGlobalMessage<V>
  | StatsRequestMessage
  | CallbackResultMessage<V>
  | CallbackErrorMessage
  | InterruptMessage
  | ShutdownMessage;

/** Host messages that are requests: each gets exactly one reply. */
export type HostRequest<V = LuaWireValue> =
  | InitMessage
  | ExecuteMessage
  | CallMessage<V>
  | ExistsMessage
  | GetGlobalMessage
  | SetGlobalMessage<V>
  | StatsRequestMessage;
export type HostRequestType = HostRequest['type'];

/** Worker messages that reply to a host request. */
export type ReplyMessage<V = LuaWireValue> = ReadyMessage | ResultMessage<V> | StatsReplyMessage | ErrorMessage;

/** A host message as the encoder accepts it (values may be any LuaWireInput). */
export type OutgoingHostMessage = HostMessage<LuaWireInput>;
/** A worker message as the encoder accepts it (values may be any LuaWireInput). */
export type OutgoingWorkerMessage = WorkerMessage<LuaWireInput>;
