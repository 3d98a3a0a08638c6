/**
 * AssociativeMemory: one-shot binding of sparse binary patterns in a clipped Hebbian (Willshaw)
 * memory on the GPU (kernel shaders/willshaw.wgsl.ts). Binary units (not spiking neurons): a pair is
 * stored by one presentation, W_ij <- W_ij OR x_i y_j, and recalled from a cue c (part of a stored x)
 * as y^_j = [sum_i W_ij c_i >= theta], theta = the number of active cue units by default.
 *
 *   const mem = await associativeMemory(gpu, { inputs: 1024, outputs: 1024 });
 *   mem.store([{ x: [3, 17, 250, ...], y: [8, 99, ...] }]);   // lists of active indices
 *   const [out] = await mem.recall([[3, 17]]);               // out.active: the recalled y
 *
 * willshawTheory gives the expected load, spurious outputs and capacity for random patterns.
 */
import { DestroyedError, InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { toIndexLists, willshawRecall, willshawStore, willshawWords } from '../kernels/willshaw.js';
import { randomWords } from '../random/philox.js';
import { randomBelow } from '../random/rows.js';
import { rejectUnknownKeys, requireInteger } from '../validate.js';

/** A pattern: the indices of its active units (numbers or a Uint32Array), or a dense 0/1 Uint8Array of the layer's length. */
export type Pattern = readonly number[] | Uint32Array | Uint8Array;

export interface AssociativeMemoryOptions {
  /** Units of the cue / x layer, 1..65536. */
  inputs: number;
  /** Units of the recalled / y layer, 1..65536. Default: inputs (auto-association with y = x). */
  outputs?: number;
}

export interface RecallOptions {
  /** 'cue' (default): the number of active cue units; a number: a fixed threshold (>= 1); { winners: k }: the k largest sums (ties by lower index). */
  threshold?: 'cue' | number | { winners: number };
}

export interface Recalled {
  /** Indices of the recalled active units, ascending. */
  active: Uint32Array;
  /** Dendritic sums, one per output unit. */
  sums: Uint32Array;
}

const OBJECT = 'associativeMemory';
const MAX_UNITS = 65536;
/** Bytes of the bit-packed weight matrix, at most (64 MiB). */
const MAX_BYTES = 64 * 2 ** 20;

/**
 * Theory of the Willshaw memory for random patterns with kIn of `inputs` and kOut of `outputs` units
 * active, after `stored` pairs, recalled from cues of `cueActive` units of a stored x with theta =
 * cueActive: the load (fraction of weights set), the expected spurious outputs per recall
 * ((outputs - kOut) load^cueActive; misses are impossible), and the pairs at which half the weights
 * are set (Willshaw's capacity ln 2 inputs outputs / (kIn kOut)).
 */
export function willshawTheory(inputs: number, outputs: number, kIn: number, kOut: number, stored: number, cueActive: number): { load: number; spurious: number; capacityAtHalfLoad: number } {
  const q = (kIn * kOut) / (inputs * outputs);
  const load = 1 - (1 - q) ** stored;
  return { load, spurious: (outputs - kOut) * load ** cueActive, capacityAtHalfLoad: Math.log(2) / -Math.log1p(-q) };
}

/** `count` random patterns of `active` distinct units among `units` (Philox, seeded), as sorted index lists. */
export function randomSparsePatterns(units: number, active: number, count: number, seed: number): Uint32Array[] {
  const object = 'randomSparsePatterns';
  requireInteger(object, 'units', units, 1, MAX_UNITS);
  requireInteger(object, 'active', active, 1, units);
  requireInteger(object, 'count', count, 0, 1 << 24);
  const out: Uint32Array[] = [];
  for (let p = 0; p < count; p++) {
    const chosen = new Set<number>();
    for (let draw = 0; chosen.size < active; draw++) chosen.add(randomBelow(randomWords(seed, 0x5700, p, draw)[0], units));
    out.push(Uint32Array.from([...chosen].sort((a, b) => a - b)));
  }
  return out;
}

export class AssociativeMemory {
  /** Pairs stored so far. */
  stored = 0;
  private destroyed = false;

  private constructor(private readonly ctx: GpuContext, readonly inputs: number, readonly outputs: number, private readonly W: GPUBuffer) {}

  static async create(ctx: GpuContext, options: AssociativeMemoryOptions): Promise<AssociativeMemory> {
    ctx.check();
    if (typeof options !== 'object' || options === null) throw new InvalidParameterError(OBJECT, 'options', options, '{ inputs, outputs? }');
    rejectUnknownKeys(OBJECT, options, ['inputs', 'outputs']);
    const inputs = requireInteger(OBJECT, 'inputs', options.inputs, 1, MAX_UNITS);
    const outputs = requireInteger(OBJECT, 'outputs', options.outputs ?? inputs, 1, MAX_UNITS);
    const bytes = 4 * inputs * willshawWords(outputs);
    if (bytes > Math.min(MAX_BYTES, ctx.limits.maxStorageBufferBindingSize)) {
      throw new InvalidParameterError(OBJECT, 'outputs', outputs, `inputs x outputs / 8 bytes of weights within ${Math.min(MAX_BYTES, ctx.limits.maxStorageBufferBindingSize)} bytes (here ${bytes})`);
    }
    const W = ctx.pool.acquire({ label: 'associativeMemory.W', size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    const encoder = ctx.device.createCommandEncoder({ label: 'associativeMemory.clear' });
    encoder.clearBuffer(W);
    ctx.device.queue.submit([encoder.finish()]);
    return new AssociativeMemory(ctx, inputs, outputs, W);
  }

  private check(): void {
    if (this.destroyed) throw new DestroyedError('AssociativeMemory');
    this.ctx.check();
  }

  /** A pattern's active indices, checked: in range, no repeats; a dense Uint8Array must have the layer's length and hold 0/1. */
  private indices(p: Pattern, units: number, field: string): Uint32Array {
    if (p instanceof Uint8Array) {
      if (p.length !== units) throw new InvalidParameterError(OBJECT, field, p, `a dense 0/1 Uint8Array of length ${units}, or a list of active indices`);
      const out: number[] = [];
      p.forEach((v, i) => {
        if (v > 1) throw new InvalidParameterError(OBJECT, `${field}[${i}]`, v, '0 or 1');
        if (v) out.push(i);
      });
      return Uint32Array.from(out);
    }
    if (!(p instanceof Uint32Array) && !Array.isArray(p)) throw new InvalidParameterError(OBJECT, field, p, 'a list of active indices (number[] or Uint32Array) or a dense 0/1 Uint8Array');
    const seen = new Set<number>();
    for (let a = 0; a < p.length; a++) {
      const i = p[a];
      if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= units) throw new InvalidParameterError(OBJECT, `${field}[${a}]`, i, `a unit index in [0, ${units - 1}]`);
      if (seen.has(i)) throw new InvalidParameterError(OBJECT, `${field}[${a}]`, i, 'an index not already in the pattern');
      seen.add(i);
    }
    return Uint32Array.from(p);
  }

  /** Stores each pair in one shot (y defaults to x: auto-association). One GPU pass for the whole list; no readback. */
  async store(pairs: readonly { x: Pattern; y?: Pattern }[]): Promise<void> {
    this.check();
    if (!Array.isArray(pairs)) throw new InvalidParameterError(`${OBJECT}.store`, 'pairs', pairs, 'an array of { x, y? }');
    const xs: Uint32Array[] = [];
    const ys: Uint32Array[] = [];
    pairs.forEach((pair, p) => {
      if (typeof pair !== 'object' || pair === null) throw new InvalidParameterError(`${OBJECT}.store`, `pairs[${p}]`, pair, '{ x, y? }');
      rejectUnknownKeys(`${OBJECT}.store pairs[${p}]`, pair, ['x', 'y']);
      if (pair.y === undefined && this.outputs !== this.inputs) throw new InvalidParameterError(`${OBJECT}.store`, `pairs[${p}].y`, undefined, `a pattern of the ${this.outputs} outputs (y = x only when inputs = outputs)`);
      xs.push(this.indices(pair.x, this.inputs, `pairs[${p}].x`));
      ys.push(pair.y === undefined ? xs[p]! : this.indices(pair.y, this.outputs, `pairs[${p}].y`));
    });
    await willshawStore(this.ctx, this.W, this.outputs, toIndexLists(xs), toIndexLists(ys));
    this.stored += pairs.length;
  }

  /** Recalls the outputs of each cue (one readback for all of them). */
  async recall(cues: readonly Pattern[], options: RecallOptions = {}): Promise<Recalled[]> {
    this.check();
    if (!Array.isArray(cues) || cues.length === 0) throw new InvalidParameterError(`${OBJECT}.recall`, 'cues', cues, 'a non-empty array of cue patterns');
    rejectUnknownKeys(`${OBJECT}.recall options`, options, ['threshold']);
    const threshold = options.threshold ?? 'cue';
    let theta = 0;
    let winners = 0;
    if (typeof threshold === 'number') theta = requireInteger(`${OBJECT}.recall`, 'threshold', threshold, 1, this.inputs);
    else if (typeof threshold === 'object' && threshold !== null) winners = requireInteger(`${OBJECT}.recall`, 'threshold.winners', threshold.winners, 1, this.outputs);
    else if (threshold !== 'cue') throw new InvalidParameterError(`${OBJECT}.recall`, 'threshold', threshold, "'cue', a number >= 1 or { winners }");
    const lists = cues.map((c, q) => {
      const idx = this.indices(c, this.inputs, `cues[${q}]`);
      if (idx.length === 0) throw new InvalidParameterError(`${OBJECT}.recall`, `cues[${q}]`, c, 'a cue with at least one active unit');
      return idx;
    });
    if (lists.length * this.outputs * 4 > this.ctx.limits.maxStorageBufferBindingSize) {
      throw new InvalidParameterError(`${OBJECT}.recall`, 'cues', cues, `at most ${Math.floor(this.ctx.limits.maxStorageBufferBindingSize / (4 * this.outputs))} cues per call`);
    }
    const { sums, active } = await willshawRecall(this.ctx, this.W, this.outputs, toIndexLists(lists), theta);
    return lists.map((_, q) => {
      const s = sums.slice(q * this.outputs, (q + 1) * this.outputs);
      if (winners > 0) {
        const order = Array.from({ length: this.outputs }, (_, j) => j).sort((a, b) => s[b]! - s[a]! || a - b);
        return { active: Uint32Array.from(order.slice(0, winners).sort((a, b) => a - b)), sums: s };
      }
      const a = active.subarray(q * this.outputs, (q + 1) * this.outputs);
      const on: number[] = [];
      a.forEach((v, j) => { if (v) on.push(j); });
      return { active: Uint32Array.from(on), sums: s };
    });
  }

  /** The bit-packed weights: [inputs][ceil(outputs / 32)] u32, bit j % 32 of word j / 32 for W_ij. */
  async weights(): Promise<Uint32Array> {
    this.check();
    return new Uint32Array(await this.ctx.read(this.W, 0, 4 * this.inputs * willshawWords(this.outputs)));
  }

  /** The fraction of weights set (the memory's load). */
  async load(): Promise<number> {
    const w = await this.weights();
    let ones = 0;
    for (const word of w) {
      let v = word;
      while (v) {
        v &= v - 1;
        ones++;
      }
    }
    return ones / (this.inputs * this.outputs);
  }

  /** Forgets every pair. */
  clear(): void {
    this.check();
    const encoder = this.ctx.device.createCommandEncoder({ label: 'associativeMemory.clear' });
    encoder.clearBuffer(this.W);
    this.ctx.device.queue.submit([encoder.finish()]);
    this.stored = 0;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.ctx.pool.release(this.W);
  }
}

/** An AssociativeMemory on `gpu` (see AssociativeMemoryOptions). */
export function associativeMemory(gpu: GpuContext, options: AssociativeMemoryOptions): Promise<AssociativeMemory> {
  return AssociativeMemory.create(gpu, options);
}
