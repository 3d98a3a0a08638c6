/**
 * Common shape of the neuron oracles: plain TypeScript, one neuron at a time, every float operation
 * rounded to f32 with Math.fround in the same order as the WGSL. State lives in typed arrays indexed
 * b*size + i, exactly like the GPU buffers.
 */
import type { StructValues } from '../../host/gpu/layout';

export const f = Math.fround;

export interface NeuronOracle {
  readonly size: number;
  readonly batch: number;
  /** State arrays, each of length batch*size (f32 fields as Float32Array, i32 as Int32Array). */
  readonly state: Record<string, Float32Array | Int32Array>;
  /**
   * (value compared with the threshold) - threshold at the last step, per (instance, neuron); NaN
   * when the neuron was not tested (refractory). Used to tell near-threshold flips from bugs.
   */
  readonly margin: Float64Array;
  /** Advances one step with fixed-point inputs (length batch*size, or absent for none). Returns sorted spike indices per instance. */
  step(inExc?: Int32Array, inInh?: Int32Array): number[][];
}

/** Reads param `name` of neuron i as a number (throws if missing). */
export function num(p: StructValues, name: string): number {
  const v = p[name];
  if (typeof v !== 'number') throw new Error(`oracle: param ${name} missing`);
  return v;
}

/** Allocates state arrays for `fields` ([name, 'f32' | 'i32']) and fills them from initial(i). */
export function initState(
  fields: ReadonlyArray<readonly [string, 'f32' | 'i32']>, size: number, batch: number, initial: (i: number) => StructValues,
): Record<string, Float32Array | Int32Array> {
  const st: Record<string, Float32Array | Int32Array> = {};
  for (const [name, type] of fields) {
    const arr = type === 'f32' ? new Float32Array(size * batch) : new Int32Array(size * batch);
    for (let k = 0; k < size * batch; k++) arr[k] = num(initial(k % size), name);
    st[name] = arr;
  }
  return st;
}

/** f32(i32) * 2^-bits, as the shader converts fixed-point input. */
export function fromFixed(x: number, scale: number): number {
  return f(f(x) * scale);
}
