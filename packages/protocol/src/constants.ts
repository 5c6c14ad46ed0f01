/** The protocol version this package speaks; a worker announces its own in `hello.protocol`. */
export const PROTOCOL_VERSION = 1;

/** Bytes of the big-endian length prefix in front of every frame body. */
export const FRAME_HEADER_LENGTH = 4;

/** Default receive limit for a frame body, in bytes (64 MiB). */
export const DEFAULT_MAX_FRAME_LENGTH = 64 * 1024 * 1024;

/** Smallest `maxFrameLength` a side may set: room for the handshake messages. */
export const MIN_MAX_FRAME_LENGTH = 256;

/**
 * Largest `maxFrameLength` a side may set (2 GiB - 1), so that every size and count in a frame
 * fits a signed 32-bit integer in any implementation. (The prefix itself can announce up to
 * 4 GiB - 1; such a frame is always over the limit.)
 */
export const MAX_MAX_FRAME_LENGTH = 0x7fff_ffff;

/**
 * Deepest nesting of arrays and maps in one frame, the message's own map being level 1.
 * Fixed by the protocol (not configurable) so that every implementation accepts the same frames.
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * Largest `maxValueDepth` a host may ask for. A value sits at most two levels below the
 * message map (inside `args` or `values`), so every value within this depth fits in a frame.
 */
export const MAX_VALUE_DEPTH = 250;

/** Request ids and callback ids run from 1 to this value (2^32 - 1). */
export const MAX_REQUEST_ID = 0xffff_ffff;

/** Standard libraries a host may ask a worker to open. Nothing else is ever opened. */
export const LUA_LIBRARIES = ['base', 'string', 'table', 'math', 'utf8', 'coroutine'] as const;
export type LuaLibrary = (typeof LUA_LIBRARIES)[number];

/** Capabilities defined by this version; a worker may announce others, which hosts ignore. */
export const CAPABILITIES = ['interrupt', 'coroutine', 'utf8'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Error codes a worker may put in an `error` message; any other code is a protocol violation. */
export const WIRE_ERROR_CODES = [
  'ERR_LUAWARD_SYNTAX',
  'ERR_LUAWARD_RUNTIME',
  'ERR_LUAWARD_MEMORY_LIMIT',
  'ERR_LUAWARD_INSTRUCTION_LIMIT',
  'ERR_LUAWARD_OUTPUT_LIMIT',
  'ERR_LUAWARD_CONVERSION',
  'ERR_LUAWARD_ABORTED',
  'ERR_LUAWARD_PROTOCOL',
] as const;
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];
