/**
 * optimizer kernel binding: gradient norms per tensor (for clipping and the non-finite check) and the
 * SGD-momentum / Adam / AdamW update of a flat parameter buffer, with the learning rate and bias
 * corrections set per step from the host (no readback). WGSL: shaders/optimizer.wgsl.ts; oracle:
 * kernels-tests/oracle/optimizer.ts.
 */
import { InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { defineStruct } from '../gpu/layout.js';
import { rejectUnknownKeys, requireNonNegative, requireOneOf, requirePositive } from '../validate.js';
import { gradNormShader, NORM_WORKGROUP, optimizerShader, type OptimizerKind } from '../../shaders/optimizer.wgsl.js';
import { grid1d, PreparedDispatch } from './prepared.js';

export type { OptimizerKind } from '../../shaders/optimizer.wgsl.js';

export const OPTIMIZER_FRAME = defineStruct('Frame', [
  ['count', 'u32'], ['rowsPerY', 'u32'], ['noContract', 'u32'], ['step', 'u32'],
  ['lr', 'f32'], ['momentum', 'f32'], ['weightDecay', 'f32'], ['beta1', 'f32'], ['beta2', 'f32'],
  ['oneMinusBeta1', 'f32'], ['oneMinusBeta2', 'f32'], ['eps', 'f32'], ['c1', 'f32'], ['c2', 'f32'], ['maxNorm', 'f32'],
]);
export const NORM_FRAME = defineStruct('Frame', [['groups', 'u32'], ['groupsPerY', 'u32'], ['tensors', 'u32'], ['noContract', 'u32']]);

export interface OptimizerOptions {
  /** 'adam' (default), 'adamw' or 'sgd' (with momentum). */
  kind?: OptimizerKind;
  /** Learning rate (> 0). Default 1e-3 (Adam) or 1e-2 (SGD). */
  lr?: number;
  /** SGD momentum in [0, 1). Default 0.9. */
  momentum?: number;
  /** Adam betas in [0, 1). Defaults 0.9, 0.999. */
  beta1?: number;
  beta2?: number;
  /** Adam epsilon (> 0). Default 1e-8. */
  eps?: number;
  /** L2 penalty (sgd, adam) or decoupled decay (adamw), >= 0. Default 0 (adamw: 0.01). */
  weightDecay?: number;
  /** Clip the global gradient norm to this (> 0); absent: no clipping. */
  maxGradNorm?: number;
  /** Learning-rate schedule: constant (default), step decay, or cosine to 0 over the total steps. */
  schedule?: { kind: 'constant' } | { kind: 'step'; every: number; gamma: number } | { kind: 'cosine'; totalSteps: number; minLr?: number };
}

export interface ResolvedOptimizer {
  kind: OptimizerKind;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  maxNorm: number;
  schedule: NonNullable<OptimizerOptions['schedule']>;
}

export function resolveOptimizer(o: OptimizerOptions = {}): ResolvedOptimizer {
  const object = 'optimizer';
  rejectUnknownKeys(object, o, ['kind', 'lr', 'momentum', 'beta1', 'beta2', 'eps', 'weightDecay', 'maxGradNorm', 'schedule']);
  const kind = requireOneOf(object, 'kind', o.kind ?? 'adam', ['sgd', 'adam', 'adamw'] as const);
  const unit = (field: string, v: number) => {
    if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new InvalidParameterError(object, field, v, 'a number in [0, 1)');
    return v;
  };
  const schedule = o.schedule ?? { kind: 'constant' as const };
  if (schedule.kind === 'step') {
    requirePositive(object, 'schedule.every', schedule.every, 'steps');
    unit('schedule.gamma', schedule.gamma);
  } else if (schedule.kind === 'cosine') {
    requirePositive(object, 'schedule.totalSteps', schedule.totalSteps, 'steps');
    requireNonNegative(object, 'schedule.minLr', schedule.minLr ?? 0);
  } else if (schedule.kind !== 'constant') {
    throw new InvalidParameterError(object, 'schedule.kind', (schedule as { kind: unknown }).kind, "'constant', 'step' or 'cosine'");
  }
  return {
    kind,
    lr: requirePositive(object, 'lr', o.lr ?? (kind === 'sgd' ? 1e-2 : 1e-3)),
    momentum: unit('momentum', o.momentum ?? 0.9),
    beta1: unit('beta1', o.beta1 ?? 0.9),
    beta2: unit('beta2', o.beta2 ?? 0.999),
    eps: requirePositive(object, 'eps', o.eps ?? 1e-8),
    weightDecay: requireNonNegative(object, 'weightDecay', o.weightDecay ?? (kind === 'adamw' ? 0.01 : 0)),
    maxNorm: o.maxGradNorm === undefined ? 0 : requirePositive(object, 'maxGradNorm', o.maxGradNorm),
    schedule,
  };
}

/** The learning rate of update `step` (0-based) under the schedule. */
export function scheduledLr(r: ResolvedOptimizer, step: number): number {
  const s = r.schedule;
  if (s.kind === 'step') return r.lr * s.gamma ** Math.floor(step / s.every);
  if (s.kind === 'cosine') {
    const min = s.minLr ?? 0;
    return min + 0.5 * (r.lr - min) * (1 + Math.cos((Math.PI * Math.min(step, s.totalSteps)) / s.totalSteps));
  }
  return r.lr;
}

/** The optimizer frame for update `step` (0-based): learning rate and Adam's bias corrections. */
export function optimizerFrame(r: ResolvedOptimizer, count: number, rowsPerY: number, step: number): Record<string, number> {
  const f = Math.fround;
  const t = step + 1;
  return {
    count, rowsPerY, noContract: 0, step, lr: f(scheduledLr(r, step)), momentum: f(r.momentum), weightDecay: f(r.weightDecay),
    beta1: f(r.beta1), beta2: f(r.beta2), oneMinusBeta1: f(1 - r.beta1), oneMinusBeta2: f(1 - r.beta2), eps: f(r.eps),
    c1: f(1 / (1 - r.beta1 ** t)), c2: f(1 / (1 - r.beta2 ** t)), maxNorm: f(r.maxNorm),
  };
}

/** Elements per gradNorm workgroup: each thread sums at most this / 256 squares. */
const NORM_SPAN = 256 * 1024;

/**
 * Gradient norms and the update for parameters laid out as `tensors` (element offset, length) in flat
 * buffers P (params), G (gradients), M1, M2 (optimizer state).
 */
export class OptimizerOp {
  private constructor(
    readonly partial: PreparedDispatch,
    readonly final: PreparedDispatch,
    readonly update: PreparedDispatch,
    private readonly ctx: GpuContext,
    private readonly owned: GPUBuffer[],
    readonly norms: GPUBuffer,
    /** [halted, update, tensor] (u32): the first update whose gradient was not finite. */
    readonly halt: GPUBuffer,
    readonly resolved: ResolvedOptimizer,
    private readonly count: number,
    private readonly rowsPerY: number,
  ) {}

  static async create(ctx: GpuContext, r: ResolvedOptimizer, tensors: { offset: number; length: number }[],
    bufs: { P: GPUBuffer; G: GPUBuffer; M1: GPUBuffer; M2: GPUBuffer; count: number }): Promise<OptimizerOp> {
    const spans: number[] = [];
    const ranges: number[] = [];
    for (const t of tensors) {
      const first = spans.length / 2;
      for (let s = 0; s < t.length; s += NORM_SPAN) spans.push(t.offset + s, Math.min(NORM_SPAN, t.length - s));
      if (t.length === 0) spans.push(t.offset, 0);
      ranges.push(first, spans.length / 2 - first);
    }
    const groups = spans.length / 2;
    const pool = ctx.pool;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const spanBuf = pool.createWithData('optimizer.spans', GPUBufferUsage.STORAGE, Uint32Array.from(spans));
    const rangeBuf = pool.createWithData('optimizer.ranges', GPUBufferUsage.STORAGE, Uint32Array.from(ranges));
    const partialBuf = pool.acquire({ label: 'optimizer.partial', size: 4 * Math.max(1, groups), usage });
    const norms = pool.acquire({ label: 'optimizer.norms', size: 4 * Math.max(4, tensors.length), usage });
    const halt = pool.acquire({ label: 'optimizer.halt', size: 16, usage });
    ctx.device.queue.writeBuffer(halt, 0, new Uint32Array(4));
    const gx = Math.min(groups, ctx.limits.maxComputeWorkgroupsPerDimension);
    const normFrame = { layout: NORM_FRAME, values: { groups, groupsPerY: gx, tensors: tensors.length, noContract: 0 } };
    const partial = await PreparedDispatch.create(ctx, {
      name: 'gradNorm', label: 'optimizer.gradNorm.partial', options: { pass: 'partial' }, frame: normFrame, groups: [gx, Math.ceil(groups / gx), 1],
      storage: [{ name: 'G', readOnly: true, bound: [bufs.G, 4 * bufs.count] }, { name: 'spans', readOnly: true, bound: [spanBuf, 4 * spans.length] },
        { name: 'partial', readOnly: false, bound: [partialBuf, 4 * Math.max(1, groups)] }],
      source: () => gradNormShader({ pass: 'partial', frameStruct: NORM_FRAME.wgsl }),
    });
    const final = await PreparedDispatch.create(ctx, {
      name: 'gradNorm', label: 'optimizer.gradNorm.final', options: { pass: 'final' }, frame: normFrame, groups: [Math.ceil(tensors.length / 64), 1, 1],
      storage: [{ name: 'partial', readOnly: true, bound: [partialBuf, 4 * Math.max(1, groups)] }, { name: 'ranges', readOnly: true, bound: [rangeBuf, 4 * ranges.length] },
        { name: 'norms', readOnly: false, bound: [norms, 4 * Math.max(4, tensors.length)] }],
      source: () => gradNormShader({ pass: 'final', frameStruct: NORM_FRAME.wgsl }),
    });
    const WG = 256;
    const { groups: ug, rowsPerY } = grid1d(ctx, bufs.count, WG);
    const options = { kind: r.kind, workgroupSize: WG, tensors: tensors.length };
    const update = await PreparedDispatch.create(ctx, {
      name: 'optimizer', label: `optimizer.${r.kind}`, options, groups: ug,
      frame: { layout: OPTIMIZER_FRAME, values: optimizerFrame(r, bufs.count, rowsPerY, 0) },
      storage: [{ name: 'P', readOnly: false, bound: [bufs.P, 4 * bufs.count] }, { name: 'G', readOnly: true, bound: [bufs.G, 4 * bufs.count] },
        { name: 'M1', readOnly: false, bound: [bufs.M1, 4 * bufs.count] }, { name: 'M2', readOnly: false, bound: [bufs.M2, 4 * bufs.count] },
        { name: 'norms', readOnly: true, bound: [norms, 4 * Math.max(4, tensors.length)] }, { name: 'halt', readOnly: false, bound: [halt, 16] }],
      source: () => optimizerShader({ ...options, frameStruct: OPTIMIZER_FRAME.wgsl }),
    });
    return new OptimizerOp(partial, final, update, ctx, [spanBuf, rangeBuf, partialBuf, norms, halt], norms, halt, r, bufs.count, rowsPerY);
  }

  /** Sets the learning rate and bias corrections of update `step` (before the submit that encodes it). */
  setStep(step: number): void {
    this.update.setFrame(optimizerFrame(this.resolved, this.count, this.rowsPerY, step));
  }

  /** Norms then update, into an open pass (the gradients must be complete). */
  encode(pass: GPUComputePassEncoder): void {
    this.partial.encode(pass);
    this.final.encode(pass);
    this.update.encode(pass);
  }

  /** Clears the halt flag (after the host has reported it, or with new weights). */
  clearHalt(): void {
    this.ctx.device.queue.writeBuffer(this.halt, 0, new Uint32Array(4));
  }

  /** Norms only (to check gradients without updating). */
  encodeNorms(pass: GPUComputePassEncoder): void {
    this.partial.encode(pass);
    this.final.encode(pass);
  }

  release(): void {
    this.partial.release();
    this.final.release();
    this.update.release();
    for (const b of this.owned) this.ctx.pool.release(b);
  }
}

export { NORM_WORKGROUP };
