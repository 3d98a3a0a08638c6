/**
 * Reads NumPy .npy files (format 1.0 - 3.0, C order, little-endian bool / int8-64 / uint8-32 / float32 /
 * float64) into numbers. Errors are FileFormatErrors naming the file.
 */
import { FileFormatError } from '../errors.js';

export interface NpyRead {
  shape: number[];
  dtype: string;
  data: Float64Array;
}

const READERS: Record<string, [number, (v: DataView, at: number) => number]> = {
  '|b1': [1, (v, at) => v.getUint8(at)], '|u1': [1, (v, at) => v.getUint8(at)], '|i1': [1, (v, at) => v.getInt8(at)],
  '<i2': [2, (v, at) => v.getInt16(at, true)], '<u2': [2, (v, at) => v.getUint16(at, true)],
  '<i4': [4, (v, at) => v.getInt32(at, true)], '<u4': [4, (v, at) => v.getUint32(at, true)],
  '<i8': [8, (v, at) => Number(v.getBigInt64(at, true))], '<f4': [4, (v, at) => v.getFloat32(at, true)], '<f8': [8, (v, at) => v.getFloat64(at, true)],
};

export function decodeNpy(bytes: Uint8Array, file = 'NPY file'): NpyRead {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) throw new FileFormatError(file, '', '', 'no NPY magic ("\\x93NUMPY")', 'a NumPy .npy file');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLen;
  if (start > bytes.length) throw new FileFormatError(file, '', 'header', 'the header runs past the end', 'a complete NPY file');
  const header = new TextDecoder().decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || shapeText === undefined) throw new FileFormatError(file, '', 'header', JSON.stringify(header.slice(0, 80)), "a header with 'descr' and 'shape'");
  const reader = READERS[descr.replace(/^=/, '<')];
  if (!reader) throw new FileFormatError(file, '', 'descr', descr, `one of ${Object.keys(READERS).join(', ')}`);
  if (fortran) throw new FileFormatError(file, '', 'fortran_order', 'True', 'C order (np.ascontiguousarray)');
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  const [size, read] = reader;
  if (start + n * size > bytes.length) throw new FileFormatError(file, '', 'data', `${bytes.length - start} bytes`, `${n * size} bytes for shape (${shape.join(', ')}); the file is truncated`);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = read(view, start + i * size);
  return { shape, dtype: descr, data };
}
