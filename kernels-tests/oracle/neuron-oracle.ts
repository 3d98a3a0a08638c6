/**
 * Common shape of the neuron oracles: plain TypeScript, one neuron at a time, every float operation
 * rounded to f32 with Math.fround in the same order as the WGSL. State lives in typed arrays indexed
 * b*size + i, exactly like the GPU buffers.
 */
import type { StructValues } from '../../host/gpu/layout';
import type { ResolvedNeuronParams } from '../../host/kernels/neuron-kernel';

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

/** f32(i32) * 2^-bits, as the shader converts fixed-point input. */
export function fromFixed(x: number, scale: number): number {
  return f(f(x) * scale);
}

/**
 * Base of the neuron oracles: holds params and state, walks (instance, neuron) in order and converts
 * the fixed-point input; a model only says how one neuron advances (`update`).
 */
export abstract class PerNeuronOracle implements NeuronOracle {
  readonly state: Record<string, Float32Array | Int32Array>;
  readonly margin: Float64Array;
  protected readonly params: StructValues[];

  constructor(
    resolved: ResolvedNeuronParams,
    readonly size: number,
    readonly batch: number,
    private readonly inputScale: number,
    fields: ReadonlyArray<readonly [string, 'f32' | 'i32']>,
  ) {
    this.params = Array.from({ length: size }, (_, i) => resolved.at(i));
    this.state = {};
    for (const [name, type] of fields) {
      const arr = type === 'f32' ? new Float32Array(size * batch) : new Int32Array(size * batch);
      for (let k = 0; k < size * batch; k++) arr[k] = num(resolved.initialState(k % size), name);
      this.state[name] = arr;
    }
    this.margin = new Float64Array(size * batch);
  }

  /** Advances neuron k (= b*size + i) with params p and this step's input; sets margin[k]; returns whether it spiked. */
  protected abstract update(k: number, p: StructValues, inExc: number, inInh: number): boolean;

  step(inExc?: Int32Array, inInh?: Int32Array): number[][] {
    const spikes: number[][] = [];
    for (let b = 0; b < this.batch; b++) {
      const out: number[] = [];
      for (let i = 0; i < this.size; i++) {
        const k = b * this.size + i;
        const spiked = this.update(k, this.params[i] as StructValues, fromFixed(inExc?.[k] ?? 0, this.inputScale), fromFixed(inInh?.[k] ?? 0, this.inputScale));
        if (spiked) out.push(i);
      }
      spikes.push(out);
    }
    return spikes;
  }
}
