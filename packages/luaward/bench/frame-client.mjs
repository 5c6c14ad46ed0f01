// A bare protocol client for the benchmark: one child process, started by the same launcher
// as a VM's worker (same pipes, empty environment, cwd /), and the protocol's codec on this
// side. No supervisor: no queue, no timers, no callbacks; it sends a frame and waits for one.
import { ChildProcessLauncher } from '@luaward/host';
import { HostCodec } from '@luaward/protocol';

/**
 * Starts `command` and returns a client of it. `decoder` decodes what the child sends: a
 * HostCodec for a worker, the codec of the other side for an echo of our own frames.
 */
export async function connect(command, decoder) {
  const child = await new ChildProcessLauncher({ command }).launch();
  const encoder = new HostCodec();
  const received = [];
  let waiting;
  child.transport.start({
    onFrame(frame) {
      const message = decoder.decode(frame);
      if (waiting === undefined) {
        received.push(message);
        return;
      }
      const resolve = waiting;
      waiting = undefined;
      resolve(message);
    },
    onClose() {},
  });
  const next = () => (received.length > 0 ? Promise.resolve(received.shift()) : new Promise((resolve) => (waiting = resolve)));
  return {
    /** The next message from the child. */
    next,
    /** Sends `message` and resolves with the next message from the child. */
    exchange(message) {
      child.transport.send(encoder.encode(message));
      return next();
    },
    async close() {
      child.transport.close();
      child.kill();
      await child.exited;
    },
  };
}
