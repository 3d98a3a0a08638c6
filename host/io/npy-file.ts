/** NPY files on disk (Node): encodeNpy written to a path. */
import { writeFileSync } from 'node:fs';
import { encodeNpy, type NpyArray } from './npy.js';

/** Writes `data` with `shape` (C order; the product must equal data.length) as an .npy file numpy.load reads. */
export function writeNpy(path: string, data: NpyArray, shape: readonly number[] = [data.length]): void {
  writeFileSync(path, encodeNpy(data, shape));
}
