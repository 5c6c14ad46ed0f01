import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FrameReader } from '../src/codec/frame-reader.js';
import { HostCodec, WorkerCodec } from '../src/codec/message-codec.js';
import { ProtocolError } from '../src/errors/errors.js';
import { expectedFromJson, inputFromJson } from '../src/golden/json-value.js';
import { frameForVector, goldenConstants, type GoldenFile, type GoldenVector } from '../src/golden/vectors.js';
import type { OutgoingHostMessage, OutgoingWorkerMessage } from '../src/messages/types.js';

const goldenDir = fileURLToPath(new URL('../golden/', import.meta.url));
const { vectors } = JSON.parse(readFileSync(`${goldenDir}vectors.json`, 'utf8')) as GoldenFile;

function onDisk(vector: GoldenVector): Buffer {
  return readFileSync(`${goldenDir}${vector.name}.bin`);
}

/** Decodes as the receiving side does: through a stream splitter, then the codec. */
function receive(vector: GoldenVector, bytes: Uint8Array): unknown {
  const reader = new FrameReader();
  const frames = reader.push(bytes);
  reader.end();
  expect(frames).toHaveLength(1);
  return vector.from === 'host' ? new WorkerCodec().decode(frames[0]!) : new HostCodec().decode(frames[0]!);
}

describe('golden vectors', () => {
  it('have one .bin file each, and no stray files', () => {
    const files = readdirSync(goldenDir)
      .filter((file) => file.endsWith('.bin'))
      .sort();
    expect(files).toEqual(vectors.map((vector) => `${vector.name}.bin`).sort());
  });

  it('come with constants.json, which holds the constants of this package', () => {
    expect(JSON.parse(readFileSync(`${goldenDir}constants.json`, 'utf8'))).toEqual(goldenConstants());
  });

  it('cover every message type from each side', () => {
    const covered = (from: string) =>
      new Set(vectors.filter((v) => v.from === from && v.valid).map((v) => (v.message as { type: string }).type));
    expect([...covered('host')].sort()).toEqual([
      'call',
      'callbackError',
      'callbackResult',
      'execute',
      'exists',
      'getGlobal',
      'init',
      'interrupt',
      'setGlobal',
      'shutdown',
      'stats',
    ]);
    expect([...covered('worker')].sort()).toEqual(['callback', 'error', 'hello', 'print', 'ready', 'result', 'stats']);
  });

  describe.each(vectors.filter((vector) => vector.valid).map((vector) => [vector.name, vector] as const))('valid: %s', (_name, vector) => {
    it('is byte for byte the frame its description gives', () => {
      expect(onDisk(vector).equals(frameForVector(vector))).toBe(true);
    });

    it('decodes to its message', () => {
      expect(receive(vector, onDisk(vector))).toEqual(expectedFromJson(vector.message!));
    });

    if (vector.body === undefined) {
      it('is what the encoder writes for its message', () => {
        const input: unknown = inputFromJson(vector.message!);
        const frame =
          vector.from === 'host'
            ? new HostCodec().encode(input as OutgoingHostMessage)
            : new WorkerCodec().encode(input as OutgoingWorkerMessage);
        expect(Buffer.from(frame).equals(onDisk(vector))).toBe(true);
      });
    }
  });

  describe.each(vectors.filter((vector) => !vector.valid).map((vector) => [vector.name, vector] as const))(
    'invalid: %s',
    (_name, vector) => {
      it('is byte for byte the frame its description gives', () => {
        expect(onDisk(vector).equals(frameForVector(vector))).toBe(true);
      });

      it('is rejected with a ProtocolError', () => {
        let error: unknown;
        try {
          receive(vector, onDisk(vector));
        } catch (thrown) {
          error = thrown;
        }
        expect(ProtocolError.isInstance(error), `${vector.reason}: got ${String(error)}`).toBe(true);
      });
    },
  );
});
