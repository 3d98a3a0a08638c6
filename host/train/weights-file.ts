/**
 * The versioned weights file: the bytes "SGW1", a little-endian u32 header length, a UTF-8 JSON header
 * ({ format: 'spikegpu-weights', version, spec, trainer, tensors: [{ name, shape, offset, length }] }),
 * zero padding to a multiple of 4, then the f32 little-endian values (offsets in floats from there).
 * Version 2 adds the consolidation state of a Trainer with options.consolidation: the header's
 * `consolidation` { method, strength, damping } and, per parameter tensor T, the tensors
 * `consolidation.importance:T` and `consolidation.anchor:T`. Version 1 files (no consolidation) read as before.
 */
import { InvalidParameterError } from '../errors.js';
import type { TrainNetworkSpec } from './network.js';

export const WEIGHTS_FORMAT = 'spikegpu-weights';
/** The newest version written (2 only when the file holds a consolidation state); both 1 and 2 are read. */
export const WEIGHTS_VERSION = 2;
const IMPORTANCE = 'consolidation.importance:';
const ANCHOR = 'consolidation.anchor:';
const MAGIC = [0x53, 0x47, 0x57, 0x31]; // "SGW1"

export interface WeightsFile {
  spec: TrainNetworkSpec;
  /** Trainer options needed to run the network the same way (steps, dt, loss). */
  trainer: { steps: number; dt: number; loss: string };
  tensors: Record<string, { shape: number[]; values: Float32Array }>;
  /** A Trainer's consolidation (importance Omega and anchor P* per tensor), saved at a task boundary. */
  consolidation?: {
    method: 'si' | 'ewc';
    strength: number;
    damping: number;
    importance: Record<string, Float32Array>;
    anchor: Record<string, Float32Array>;
  };
}

export function encodeWeights(w: WeightsFile): Uint8Array {
  const c = w.consolidation;
  const entries = Object.entries(w.tensors);
  if (c) {
    for (const [name, t] of Object.entries(w.tensors)) {
      for (const [prefix, values] of [[IMPORTANCE, c.importance[name]], [ANCHOR, c.anchor[name]]] as const) {
        if (!values || values.length !== t.values.length) throw new InvalidParameterError('weights file', `consolidation ${prefix}${name}`, values, `${t.values.length} values (as the tensor)`);
        entries.push([`${prefix}${name}`, { shape: t.shape, values }]);
      }
    }
  }
  let offset = 0;
  const tensors = entries.map(([name, t]) => {
    const e = { name, shape: t.shape, offset, length: t.values.length };
    offset += t.values.length;
    return e;
  });
  const head = { format: WEIGHTS_FORMAT, version: c ? 2 : 1, spec: w.spec, trainer: w.trainer, tensors, ...(c ? { consolidation: { method: c.method, strength: c.strength, damping: c.damping } } : {}) };
  const header = new TextEncoder().encode(JSON.stringify(head));
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
    consolidation?: { method: 'si' | 'ewc'; strength: number; damping: number };
  };
  if (header.format !== WEIGHTS_FORMAT) throw new InvalidParameterError(object, 'format', header.format, JSON.stringify(WEIGHTS_FORMAT));
  if (header.version !== 1 && header.version !== 2) throw new InvalidParameterError(object, 'version', header.version, `1 or 2 (this spikegpu reads versions 1 to ${WEIGHTS_VERSION})`);
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
  const c = header.consolidation;
  if (c === undefined) return { spec: header.spec, trainer: header.trainer, tensors };
  if (typeof c !== 'object' || c === null || (c.method !== 'si' && c.method !== 'ewc') || !(c.strength >= 0) || !(c.damping > 0)) {
    throw new InvalidParameterError(object, 'consolidation', c, "{ method: 'si' | 'ewc', strength >= 0, damping > 0 }");
  }
  const importance: Record<string, Float32Array> = {};
  const anchor: Record<string, Float32Array> = {};
  for (const name of Object.keys(tensors)) {
    for (const [prefix, into] of [[IMPORTANCE, importance], [ANCHOR, anchor]] as const) {
      if (!name.startsWith(prefix)) continue;
      into[name.slice(prefix.length)] = tensors[name]!.values;
      delete tensors[name];
    }
  }
  for (const name of Object.keys(tensors)) {
    if (!importance[name] || !anchor[name]) throw new InvalidParameterError(object, `consolidation of ${name}`, undefined, `its ${IMPORTANCE}${name} and ${ANCHOR}${name} tensors`);
  }
  return { spec: header.spec, trainer: header.trainer, tensors, consolidation: { method: c.method, strength: c.strength, damping: c.damping, importance, anchor } };
}
