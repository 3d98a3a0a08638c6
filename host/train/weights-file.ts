/**
 * The versioned weights file: the bytes "SGW1", a little-endian u32 header length, a UTF-8 JSON header
 * ({ format: 'spikegpu-weights', version: 1, spec, trainer, tensors: [{ name, shape, offset, length }] }),
 * zero padding to a multiple of 4, then the f32 little-endian values (offsets in floats from there).
 */
import { InvalidParameterError } from '../errors.js';
import type { TrainNetworkSpec } from './network.js';

export const WEIGHTS_FORMAT = 'spikegpu-weights';
export const WEIGHTS_VERSION = 1;
const MAGIC = [0x53, 0x47, 0x57, 0x31]; // "SGW1"

export interface WeightsFile {
  spec: TrainNetworkSpec;
  /** Trainer options needed to run the network the same way (steps, dt, loss). */
  trainer: { steps: number; dt: number; loss: string };
  tensors: Record<string, { shape: number[]; values: Float32Array }>;
}

export function encodeWeights(w: WeightsFile): Uint8Array {
  const entries = Object.entries(w.tensors);
  let offset = 0;
  const tensors = entries.map(([name, t]) => {
    const e = { name, shape: t.shape, offset, length: t.values.length };
    offset += t.values.length;
    return e;
  });
  const header = new TextEncoder().encode(JSON.stringify({ format: WEIGHTS_FORMAT, version: WEIGHTS_VERSION, spec: w.spec, trainer: w.trainer, tensors }));
  const start = Math.ceil((8 + header.length) / 4) * 4;
  const out = new Uint8Array(start + 4 * offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  const view = new DataView(out.buffer, start);
  let k = 0;
  for (const [, t] of entries) for (const x of t.values) view.setFloat32(4 * k++, x, true);
  return out;
}

export function decodeWeights(bytes: Uint8Array): WeightsFile {
  const object = 'weights file';
  if (!(bytes instanceof Uint8Array) || bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new InvalidParameterError(object, 'bytes', bytes, 'a spikegpu weights file (starting with "SGW1")');
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = dv.getUint32(4, true);
  if (8 + len > bytes.length) throw new InvalidParameterError(object, 'header length', len, `at most ${bytes.length - 8} bytes (the file is truncated)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + len)));
  } catch (e) {
    throw new InvalidParameterError(object, 'header', `${len} bytes`, `a UTF-8 JSON header (${(e as Error).message}); the file is corrupt`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidParameterError(object, 'header', parsed, 'a JSON object { format, version, spec, trainer, tensors }');
  const header = parsed as {
    format: string; version: number; spec: TrainNetworkSpec; trainer: WeightsFile['trainer']; tensors: { name: string; shape: number[]; offset: number; length: number }[];
  };
  if (header.format !== WEIGHTS_FORMAT) throw new InvalidParameterError(object, 'format', header.format, JSON.stringify(WEIGHTS_FORMAT));
  if (header.version !== WEIGHTS_VERSION) throw new InvalidParameterError(object, 'version', header.version, `${WEIGHTS_VERSION} (this spikegpu reads version ${WEIGHTS_VERSION})`);
  for (const k of ['spec', 'trainer'] as const) {
    if (typeof header[k] !== 'object' || header[k] === null) throw new InvalidParameterError(object, k, header[k], `an object (the ${k === 'spec' ? 'network spec' : 'Trainer options'} the weights belong to)`);
  }
  if (!Array.isArray(header.tensors)) throw new InvalidParameterError(object, 'tensors', header.tensors, 'an array of { name, shape, offset, length }');
  header.tensors.forEach((t, k) => {
    const at = `tensors[${k}]`;
    if (typeof t !== 'object' || t === null) throw new InvalidParameterError(object, at, t, '{ name, shape, offset, length }');
    if (typeof t.name !== 'string' || t.name === '') throw new InvalidParameterError(object, `${at}.name`, t.name, 'a tensor name');
    for (const f of ['offset', 'length'] as const) {
      if (!Number.isInteger(t[f]) || t[f] < 0) throw new InvalidParameterError(object, `${at}.${f}`, t[f], 'an integer >= 0 (in floats)');
    }
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0) || t.shape.reduce((a, d) => a * d, 1) !== t.length) {
      throw new InvalidParameterError(object, `${at}.shape`, t.shape, `non-negative integers whose product is the length (${t.length})`);
    }
  });
  const start = Math.ceil((8 + len) / 4) * 4;
  const tensors: WeightsFile['tensors'] = {};
  for (const t of header.tensors) {
    if (start + 4 * (t.offset + t.length) > bytes.length) throw new InvalidParameterError(object, `tensor ${t.name}`, t.length, 'values inside the file (it is truncated)');
    const values = new Float32Array(t.length);
    for (let k = 0; k < t.length; k++) values[k] = dv.getFloat32(start + 4 * (t.offset + k), true);
    tensors[t.name] = { shape: t.shape, values };
  }
  return { spec: header.spec, trainer: header.trainer, tensors };
}
