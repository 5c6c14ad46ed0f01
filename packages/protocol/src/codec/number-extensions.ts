import { addExtension } from 'msgpackr';
import { WireFloat, WireInteger } from '../values/wire-value.js';

/**
 * msgpackr writes -0 as the integer 0 and integers beyond 32 bits as floats, which would change
 * a value's Lua type on the way. The encoder wraps those numbers in WireFloat / WireInteger and
 * these two extensions write them as plain MessagePack float 64 / int 64 / uint 64. They write
 * the bytes themselves through msgpackr's `allocateForWrite` and return nothing, so no extension
 * header is ever written.
 *
 * addExtension is process-wide. It only matches these two classes, which nothing else creates.
 * msgpackr requires a type code for an extension that packs; 0x100 cannot occur in MessagePack
 * (ext types are one byte), so the matching unpack registration is never consulted.
 */
const UNREACHABLE_EXT_TYPE = 0x100;

interface WriteSlot {
  target: Uint8Array;
  targetView: DataView;
  position: number;
}
type AllocateForWrite = (size: number) => WriteSlot;

let registered = false;

/** Registers the two number writers with msgpackr, once per process. */
export function registerNumberExtensions(): void {
  if (registered) return;
  registered = true;
  addExtension({
    Class: WireFloat,
    type: UNREACHABLE_EXT_TYPE,
    pack(value: WireFloat, allocateForWrite: AllocateForWrite) {
      const { target, targetView, position } = allocateForWrite(9);
      target[position] = 0xcb;
      targetView.setFloat64(position + 1, value.value);
    },
  } as unknown as Parameters<typeof addExtension>[0]);
  addExtension({
    Class: WireInteger,
    type: UNREACHABLE_EXT_TYPE,
    pack(value: WireInteger, allocateForWrite: AllocateForWrite) {
      const { target, targetView, position } = allocateForWrite(9);
      if (value.value < 0n) {
        target[position] = 0xd3;
        targetView.setBigInt64(position + 1, value.value);
      } else {
        target[position] = 0xcf;
        targetView.setBigUint64(position + 1, value.value);
      }
    },
  } as unknown as Parameters<typeof addExtension>[0]);
}
