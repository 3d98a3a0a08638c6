/**
 * rateReg kernel binding: the firing-rate regularisers of a hidden layer (Zenke & Vogels 2021) as
 * three prepared dispatches (counts, per-sample mean and loss, gradient). WGSL: shaders/rateReg.wgsl.ts;
 * oracle: kernels-tests/oracle/rateReg.ts.
 */
import { InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { defineStruct } from '../gpu/layout.js';
import { rejectUnknownKeys, requireNonNegative } from '../validate.js';
import { rateRegShader } from '../../shaders/rateReg.wgsl.js';
import { grid1d, PreparedDispatch, type Bound } from './prepared.js';

export interface RateBound {
  /** Spikes per neuron and sample (over the T steps). */
  count: number;
  /** Weight of the squared violation in the loss, >= 0. */
  strength: number;
}

/**
 * Bounds on every hidden layer's activity: `lower` on each neuron's spike count (against silent
 * neurons), `upper` on the layer's mean count (against runaway activity), per sample.
 */
export interface RateRegOptions {
  lower?: RateBound;
  upper?: RateBound;
}

export const RATE_REG_FRAME = defineStruct('Frame', [
  ['steps', 'u32'], ['batch', 'u32'], ['neurons', 'u32'], ['valid', 'u32'], ['rowsPerY', 'u32'],
  ['countLower', 'f32'], ['strengthLower', 'f32'], ['countUpper', 'f32'], ['strengthUpper', 'f32'], ['invValid', 'f32'],
]);

export function resolveRateReg(o: RateRegOptions): Required<{ lower: RateBound; upper: RateBound }> {
  const object = 'Trainer options rateRegularizer';
  if (typeof o !== 'object' || o === null) throw new InvalidParameterError(object, 'rateRegularizer', o, '{ lower?: { count, strength }, upper?: { count, strength } }');
  rejectUnknownKeys(object, o, ['lower', 'upper']);
  const bound = (name: 'lower' | 'upper', b: RateBound | undefined): RateBound => {
    if (b === undefined) return { count: name === 'lower' ? 0 : Number.MAX_VALUE, strength: 0 };
    rejectUnknownKeys(`${object}.${name}`, b, ['count', 'strength']);
    return { count: requireNonNegative(object, `${name}.count`, b.count, 'spikes per sample'), strength: requireNonNegative(object, `${name}.strength`, b.strength) };
  };
  return { lower: bound('lower', o.lower), upper: bound('upper', o.upper) };
}

const WG = 64;

export class RateRegOp {
  private constructor(private readonly passes: PreparedDispatch[], private readonly values: Record<string, number>, private readonly owned: GPUBuffer[], private readonly ctx: GpuContext) {}

  static async create(ctx: GpuContext, label: string, r: Required<{ lower: RateBound; upper: RateBound }>, steps: number, batch: number, neurons: number,
    io: { Z: Bound; GZ: Bound; stats: Bound }): Promise<RateRegOp> {
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const counts = ctx.pool.acquire({ label: `${label}.counts`, size: 4 * Math.max(4, batch * neurons), usage });
    const upper = ctx.pool.acquire({ label: `${label}.upper`, size: 4 * Math.max(4, batch), usage });
    const { groups, rowsPerY } = grid1d(ctx, batch * neurons, WG);
    const f = Math.fround;
    const values = {
      steps, batch, neurons, valid: batch, rowsPerY, countLower: f(r.lower.count), strengthLower: f(r.lower.strength),
      countUpper: f(Math.min(r.upper.count, 3.4e38)), strengthUpper: f(r.upper.strength), invValid: f(1 / batch),
    };
    const passes: PreparedDispatch[] = [];
    for (const pass of ['count', 'mean', 'grad'] as const) {
      const options = { workgroupSize: WG, pass };
      passes.push(await PreparedDispatch.create(ctx, {
        name: 'rateReg', label: `${label}.${pass}`, options, frame: { layout: RATE_REG_FRAME, values },
        groups: pass === 'mean' ? [Math.ceil(batch / WG), 1, 1] : groups,
        storage: [{ name: 'Z', readOnly: true, bound: io.Z }, { name: 'GZ', readOnly: false, bound: io.GZ }, { name: 'stats', readOnly: false, bound: io.stats },
          { name: 'counts', readOnly: false, bound: [counts, 4 * Math.max(4, batch * neurons)] }, { name: 'upper', readOnly: false, bound: [upper, 4 * Math.max(4, batch)] }],
        source: () => rateRegShader({ ...options, frameStruct: RATE_REG_FRAME.wgsl }),
      }));
    }
    return new RateRegOp(passes, values, [counts, upper], ctx);
  }

  /** The batch's real samples (the rest are padding and contribute nothing); the loss is averaged over `total` samples (default `valid`; more when gradients accumulate over micro-batches). */
  setValid(valid: number, total = valid): void {
    const v = { ...this.values, valid, invValid: Math.fround(1 / Math.max(1, total)) };
    for (const p of this.passes) p.setFrame(v);
  }

  encode(pass: GPUComputePassEncoder): void {
    for (const p of this.passes) p.encode(pass);
  }

  release(): void {
    for (const p of this.passes) p.release();
    for (const b of this.owned) this.ctx.pool.release(b);
  }
}
