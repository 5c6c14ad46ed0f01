/** What a transport reports to its one consumer. */
export interface TransportHandlers {
  /**
   * One whole frame (4-byte length prefix included) as received; not yet decoded. If this
   * throws, the transport closes and reports the thrown error to `onClose`.
   */
  onFrame(frame: Uint8Array): void;
  /**
   * The transport closed; called exactly once, never synchronously from `start`, `send` or
   * `close`. `error` is undefined for an orderly end (local `close()`, or the peer ending the
   * stream between frames), a ProtocolError when the byte stream broke the framing, a
   * ClosedError (with the I/O error as `cause`) when the channel failed, or whatever `onFrame`
   * threw.
   */
  onClose(error?: Error): void;
}

/**
 * Carries whole frames between a host and a worker, in order. Frames are produced and consumed
 * by a codec; the transport only moves bytes and finds frame boundaries.
 *
 * A transport has exactly one consumer, given to `start`: there is no listener list to leak.
 */
export interface Transport {
  /** Begins delivery; frames that arrived before are delivered then. Call once. */
  start(handlers: TransportHandlers): void;
  /**
   * Sends one whole frame (as a codec's `encode` returns it). Frames are sent in call order.
   * @throws ClosedError when the transport is closed.
   */
  send(frame: Uint8Array): void;
  /** Ends the channel: frames already sent are still delivered, nothing more is received. */
  close(): void;
  /** True once the transport is closed, for any reason. */
  readonly closed: boolean;
}

/**
 * A transport whose receive blocks the thread until a frame arrives: for a worker written in
 * JavaScript that runs Lua synchronously and must wait for a callback reply in the middle of it.
 */
export interface BlockingTransport {
  /**
   * Sends one whole frame, blocking until it is written.
   * @throws ClosedError when the transport is closed or the channel fails.
   */
  send(frame: Uint8Array): void;
  /**
   * Blocks until a whole frame has arrived and returns it, or returns undefined when the peer
   * ended the channel between frames.
   * @throws ProtocolError when the framing breaks (an oversized or empty frame, or the channel
   * ending in the middle of a frame); ClosedError when closed or when reading fails.
   */
  receive(): Uint8Array | undefined;
  /** Ends the channel. */
  close(): void;
  readonly closed: boolean;
}
