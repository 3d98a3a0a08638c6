/**
 * NPY format 1.0 (numpy.lib.format) writer: little-endian int32 / uint32 / float32 / float64 arrays
 * of any shape, C order. Readable by numpy.load.
 */
export type NpyArray = Int32Array | Uint32Array | Float32Array | Float64Array;

const DESCR = (a: NpyArray): string =>
  a instanceof Int32Array ? '<i4' : a instanceof Uint32Array ? '<u4' : a instanceof Float32Array ? '<f4' : '<f8';

/** Encodes `data` with `shape` (product must equal data.length) as an .npy file. */
export function encodeNpy(data: NpyArray, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`encodeNpy: shape [${shape.join(', ')}] holds ${count} values, data has ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${DESCR(data)}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces and a newline to 64 bytes.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // Typed arrays are little-endian on every platform that runs WebGPU today; check anyway.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('encodeNpy: big-endian hosts are not supported');
  out.set(bytes, total);
  return out;
}
