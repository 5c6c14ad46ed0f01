export * from './errors/errors.js';
export { errorFromWire, errorToWire } from './errors/wire-errors.js';
export * from './limits/index.js';
export {
  PROTOCOL_VERSION,
  FRAME_HEADER_LENGTH,
  DEFAULT_MAX_FRAME_LENGTH,
  MIN_MAX_FRAME_LENGTH,
  MAX_MAX_FRAME_LENGTH,
  MAX_NESTING_DEPTH,
  MAX_VALUE_DEPTH,
  MAX_REQUEST_ID,
  LUA_LIBRARIES,
  CAPABILITIES,
  WIRE_ERROR_CODES,
  type LuaLibrary,
  type Capability,
  type WireErrorCode,
} from './constants.js';
export { WireFloat, type LuaWireValue, type LuaWireObject, type LuaWireInput } from './values/wire-value.js';
export type * from './messages/types.js';
export { MessageCodec, HostCodec, WorkerCodec, type CodecOptions } from './codec/message-codec.js';
export { FrameReader, type FrameReaderOptions } from './codec/frame-reader.js';
export { RequestTracker, type OutstandingRequest, type PendingCallback } from './tracking/request-tracker.js';
export type { Transport, TransportHandlers, BlockingTransport } from './transport/transport.js';
export { StreamTransport, type StreamTransportOptions, type StreamPair } from './transport/stream-transport.js';
export { createMemoryTransportPair, type MemoryTransportOptions } from './transport/memory-transport.js';
export { FdTransport, type FdTransportOptions } from './transport/fd-transport.js';
