import { ProtocolError, limitsIn, type HelloMessage, type HostCodec, type WorkerLimits, type WorkerMessage } from '@luaward/protocol';
import type { SupervisorInitOptions } from './options.js';

/**
 * The host's checks of the handshake (`hello`, `init`, `ready`; docs/protocol.md): what only the
 * host knows, beyond the codec's and the RequestTracker's rules. Each check is a function of the
 * messages and the options, with no state and no process.
 */

/** Libraries a worker opens only when it announces them as capabilities. */
const OPTIONAL_LIBRARIES: ReadonlySet<string> = new Set(['coroutine', 'utf8']);
const LIMIT_NAMES = limitsIn('wire');

/**
 * Checks that `message` comes in the handshake's order: `hello` first, and only once.
 * @param helloSeen whether the worker has said `hello` already.
 * @throws ProtocolError otherwise.
 */
export function checkHelloOrder(helloSeen: boolean, message: WorkerMessage): void {
  if (helloSeen === (message.type === 'hello')) {
    throw new ProtocolError(
      message.type === 'hello' ? 'the worker sent "hello" twice' : `the worker sent "${message.type}" before "hello"`,
    );
  }
}

/**
 * Why the worker that said `hello` cannot honour `init`, if it cannot: optional libraries may
 * only be asked of a worker that announces them.
 */
export function initRefusal(hello: HelloMessage, init: Readonly<SupervisorInitOptions>): ProtocolError | undefined {
  const missing = init.libs.find((lib) => OPTIONAL_LIBRARIES.has(lib) && !hello.capabilities.includes(lib));
  if (missing === undefined) return undefined;
  return new ProtocolError(`the worker cannot open the ${missing} library: it does not announce the "${missing}" capability`);
}

/**
 * The `init` frame: the asked limits and libraries, the callback names, and the host's frame limit.
 * `codec` must know the worker's frame limit from `hello` already.
 * @throws ProtocolError when the worker's announced frame limit is too small to carry it.
 */
export function encodeInit(codec: HostCodec, id: number, init: Readonly<SupervisorInitOptions>, callbacks: Iterable<string>): Uint8Array {
  const options = { ...init, callbacks: [...callbacks], maxFrameLength: codec.maxFrameLength };
  try {
    return codec.encode({ type: 'init', id, options });
  } catch (error) {
    // Only the worker's announced frame limit can make `init` unencodable: too small to be usable.
    throw new ProtocolError(`the worker's maxFrameLength (${codec.peerMaxFrameLength} bytes) cannot carry "init"`, { cause: error });
  }
}

/**
 * Checks the limits a worker announces in `ready` against those asked: it may enforce lower ones,
 * never looser ones.
 * @throws ProtocolError naming the first looser limit.
 */
export function checkReadyLimits(limits: WorkerLimits, init: Readonly<SupervisorInitOptions>): void {
  const looser = LIMIT_NAMES.find((name) => isLooser(limits[name], init[name]));
  if (looser !== undefined) {
    throw new ProtocolError(`the worker enforces a looser ${looser} (${limits[looser] ?? 'none'}) than asked (${init[looser] ?? 'none'})`);
  }
}

/** True when `enforced` allows more than `asked`; null means no limit. */
function isLooser(enforced: number | null, asked: number | null): boolean {
  return asked !== null && (enforced === null || enforced > asked);
}
