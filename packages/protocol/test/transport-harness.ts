// Records what a Transport reports, for the transport tests.
import type { Transport } from '../src/transport/transport.js';

export interface Recorded {
  frames: Uint8Array[];
  /** Resolves with the close error (undefined for an orderly close). */
  closed: Promise<Error | undefined>;
  closeCount: () => number;
}

export function record(transport: Transport, onFrame?: (frame: Uint8Array) => void): Recorded {
  const frames: Uint8Array[] = [];
  let closes = 0;
  let resolve!: (error: Error | undefined) => void;
  const closed = new Promise<Error | undefined>((settle) => {
    resolve = settle;
  });
  transport.start({
    onFrame(frame) {
      frames.push(Uint8Array.from(frame));
      onFrame?.(frame);
    },
    onClose(error) {
      closes++;
      resolve(error);
    },
  });
  return { frames, closed, closeCount: () => closes };
}

/** Resolves once `count` frames have arrived. */
export async function framesArrived(recorded: Recorded, count: number): Promise<void> {
  while (recorded.frames.length < count) await new Promise((resolve) => setImmediate(resolve));
}
