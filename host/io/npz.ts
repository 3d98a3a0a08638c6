/**
 * NumPy .npz files: a ZIP archive of .npy arrays (numpy.load reads it; `np.load(f)['name']`). Stored
 * without compression (ZIP method 0), with CRC-32 per entry; names as given (".npy" appended).
 */
import { InvalidParameterError } from '../errors.js';
import { encodeNpy, type NpyArray } from './npy.js';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One .npz holding every array; `arrays` maps a name (letters, digits, _ . -) to data and shape. */
export function encodeNpz(arrays: ReadonlyMap<string, { data: NpyArray; shape: readonly number[] }> | Record<string, { data: NpyArray; shape: readonly number[] }>): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays] : Object.entries(arrays);
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const seen = new Set<string>();
  for (const [name, a] of entries) {
    if (!/^[A-Za-z0-9_.>-]{1,200}$/.test(name) || seen.has(name)) {
      throw new InvalidParameterError('NPZ file', 'array name', name, 'unique names of 1 to 200 letters, digits and _ . > -');
    }
    seen.add(name);
    const body = encodeNpy(a.data, a.shape);
    const file = enc.encode(`${name}.npy`);
    const crc = crc32(body);
    const local = new Uint8Array(30 + file.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true); // version needed
    lv.setUint16(8, 0, true); // stored
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, body.length, true);
    lv.setUint16(26, file.length, true);
    local.set(file, 30);
    const dir = new Uint8Array(46 + file.length);
    const dv = new DataView(dir.buffer);
    dv.setUint32(0, 0x02014b50, true);
    dv.setUint16(4, 20, true);
    dv.setUint16(6, 20, true);
    dv.setUint32(16, crc, true);
    dv.setUint32(20, body.length, true);
    dv.setUint32(24, body.length, true);
    dv.setUint16(28, file.length, true);
    dv.setUint32(42, offset, true);
    dir.set(file, 46);
    parts.push(local, body);
    central.push(dir);
    offset += local.length + body.length;
    if (offset > 0xffffffff) throw new InvalidParameterError('NPZ file', 'size', offset, 'at most 4 GiB (no ZIP64)');
  }
  const dirSize = central.reduce((s, d) => s + d.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, central.length, true);
  ev.setUint16(10, central.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + dirSize + 22);
  let at = 0;
  for (const p of [...parts, ...central, end]) { out.set(p, at); at += p.length; }
  return out;
}
