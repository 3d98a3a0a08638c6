/**
 * lifTrain kernel binding: a trainable LIF (or leaky-integrator readout) layer's constants, their
 * validation, and prepared forward/backward dispatches over [T][B][N] buffers. WGSL:
 * shaders/lifTrain.wgsl.ts; oracle: kernels-tests/oracle/lifTrain.ts.
 */
import { InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { defineStruct, type StructValues } from '../gpu/layout.js';
import { requireNonNegative, requireOneOf, requirePositive, rejectUnknownKeys } from '../validate.js';
import { lifTrainBindings, lifTrainShader, type SurrogateKind } from '../../shaders/lifTrain.wgsl.js';
import { TRAIN_CHUNK_FRAME_FIELDS, TRAIN_STEP_FRAME_FIELDS } from '../../shaders/common/train-step.wgsl.js';
import { decayFactor } from './neuron-kernel.js';
import { grid1d, PreparedDispatch, type Bound } from './prepared.js';

export type { SurrogateKind } from '../../shaders/lifTrain.wgsl.js';

export const LIF_TRAIN_FRAME = defineStruct('Frame', [
  ['steps', 'u32'], ['stride', 'u32'], ['rowsPerY', 'u32'], ['noContract', 'u32'], ['neurons', 'u32'],
  ...TRAIN_CHUNK_FRAME_FIELDS, ...TRAIN_STEP_FRAME_FIELDS,
]);

export interface Surrogate {
  /** 'fastSigmoid' (SuperSpike, Zenke & Ganguli 2018; default), 'arctan' (Fang et al. 2021), 'triangle' (Bellec et al. 2018), 'exponential'. */
  kind?: SurrogateKind;
  /** Steepness: fastSigmoid 1/(slope|x|+1)^2 (default 10); arctan slope/2/(1+(pi/2 slope x)^2) (default 2); triangle max(0, 1-slope|x|) (default 1); exponential exp(-slope|x|) (default 5). */
  slope?: number;
  /** Multiplies the derivative (default 1; Bellec et al. use 0.3 for the triangle). */
  scale?: number;
}

/** A layer's neuron parameters (dimensionless units: rest and reset 0). */
export interface TrainLifParams {
  /** Membrane time constant (ms), > 0. Default 10. */
  tauMem?: number;
  /** Synaptic current time constant (ms), >= 0; 0 = plain LIF (the input current acts in its step). Default 0. */
  tauSyn?: number;
  /** Threshold (spiking layers), > 0. Default 1. */
  threshold?: number;
  /** Input gain rMem: v moves towards rMem * current. Default 1 / (1 - exp(-dt/tauMem)), so v_t = alpha v_{t-1} + current. */
  rMem?: number;
  /** 'soft' (subtract the threshold, default) or 'hard' (to 0). */
  reset?: 'soft' | 'hard';
  /** Treat the reset as a constant in the backward pass (default true, as in Zenke & Vogels 2021). */
  detachReset?: boolean;
  surrogate?: Surrogate;
  /** ALIF layers: adaptation time constant (ms), > 0. Default 200 (as the simulator's alif). */
  tauAdapt?: number;
  /** ALIF layers, required: threshold increase per unit of adaptation a (a low-passes the spikes, a -> rate per step), >= 0. */
  beta?: number;
}

export const SURROGATE_DEFAULT_SLOPE: Record<SurrogateKind, number> = { fastSigmoid: 10, arctan: 2, triangle: 1, exponential: 5 };

export interface ResolvedTrainLif {
  frame: Omit<StructValues, 'steps' | 'stride' | 'rowsPerY' | 'neurons' | 'qaAt' | 'qtAt' | 'stateIn' | 'stateOut' | 'carryIn' | 'ckIn' | 'ckOut' | 'pgAlpha' | 'pgThreshold' | 'pgAlphaSyn' | 'qsAt'> & Record<string, number>;
  model: 'lif' | 'alif';
  reset: 'soft' | 'hard';
  detachReset: boolean;
  surrogate: SurrogateKind;
}

/** Validates a layer's parameters and derives the f32 constants shared by the GPU and the oracle. */
export function resolveTrainLif(object: string, params: TrainLifParams = {}, dt: number, model: 'lif' | 'alif' = 'lif'): ResolvedTrainLif {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InvalidParameterError(object, 'params', params, `an object of ${model} layer parameters (or no params for the defaults)`);
  }
  rejectUnknownKeys(object, params, ['tauMem', 'tauSyn', 'threshold', 'rMem', 'reset', 'detachReset', 'surrogate', ...(model === 'alif' ? ['tauAdapt', 'beta'] : [])]);
  let beta = 0;
  let rho = 0;
  if (model === 'alif') {
    if (params.beta === undefined) {
      throw new InvalidParameterError(object, 'beta', undefined, 'a number >= 0 (threshold rise per unit adaptation)',
        'an alif layer needs beta: its threshold is threshold + beta * a, where a low-passes the spike train (a -> spikes per step).');
    }
    beta = requireNonNegative(object, 'beta', params.beta, '');
    rho = Math.exp(-dt / requirePositive(object, 'tauAdapt', params.tauAdapt ?? 200, 'ms'));
  }
  const tauMem = requirePositive(object, 'tauMem', params.tauMem ?? 10, 'ms');
  const tauSyn = params.tauSyn ?? 0;
  requireNonNegative(object, 'tauSyn', tauSyn, 'ms; 0 = plain LIF');
  const threshold = requirePositive(object, 'threshold', params.threshold ?? 1, '');
  const alphaMem = decayFactor(dt, tauMem);
  const rMem = requirePositive(object, 'rMem', params.rMem ?? 1 / (1 - alphaMem), '');
  const reset = requireOneOf(object, 'reset', params.reset ?? 'soft', ['soft', 'hard'] as const);
  const detachReset = params.detachReset ?? true;
  if (typeof detachReset !== 'boolean') throw new InvalidParameterError(object, 'detachReset', detachReset, 'true or false');
  const sg = params.surrogate ?? {};
  rejectUnknownKeys(`${object} surrogate`, sg, ['kind', 'slope', 'scale']);
  const surrogate = requireOneOf(object, 'surrogate.kind', sg.kind ?? 'fastSigmoid', ['fastSigmoid', 'arctan', 'triangle', 'exponential'] as const);
  const slope = requirePositive(object, 'surrogate.slope', sg.slope ?? SURROGATE_DEFAULT_SLOPE[surrogate], '');
  const scale = requirePositive(object, 'surrogate.scale', sg.scale ?? 1, '');
  const f = Math.fround;
  return {
    model, reset, detachReset, surrogate,
    frame: {
      noContract: 0, alphaMem, rMem: f(rMem), threshold: f(threshold), alphaSyn: decayFactor(dt, tauSyn),
      slope: f(slope), scale: f(scale), halfPiSlope: f((Math.PI / 2) * slope), halfSlope: f(slope / 2),
      beta: f(beta), rhoAdapt: f(rho), oneMinusRho: f(1 - rho),
    },
  };
}

const WG = 64;

/** Buffers of a layer's passes (see lifTrainBindings): P the parameters (per-neuron alpha and threshold at `offsets`); S the carry, parameter-gradient sums and checkpoints (stateLayout). */
export type LifTrainIo = Partial<Record<'I' | 'V' | 'Z' | 'A' | 'GZ' | 'GI' | 'P' | 'S', Bound>>;

/** Where things live in a layer's S buffer (floats). */
export interface StateLayout {
  /** Per-instance sums of the alpha, threshold and alphaSyn gradients ([B][N] each, 256-byte aligned). */
  pgAlpha: number;
  pgThreshold: number;
  pgAlphaSyn: number;
  /** Checkpoint c (the forward state at chunk c's start: p, i, a and the last spike, [4][B][N]); c = 1 .. chunks - 1 are used. */
  slot: (c: number) => number;
  floats: number;
}

/**
 * The S buffer of a layer with `stride` = B x N cells run in `chunks` chunks: the backward carry
 * (dL/dv, dL/da, dL/di, [3][stride]) from 0, the parameter-gradient sums, then the checkpoints.
 */
export function stateLayout(stride: number, chunks: number): StateLayout {
  const align = (n: number): number => Math.ceil(n / 64) * 64;
  const pgAlpha = align(3 * stride);
  const pgThreshold = pgAlpha + align(stride);
  const pgAlphaSyn = pgThreshold + align(stride);
  const slotBase = pgAlphaSyn + align(stride);
  return { pgAlpha, pgThreshold, pgAlphaSyn, slot: (c) => slotBase + c * 4 * stride, floats: slotBase + (chunks + 1) * 4 * stride };
}

/** The chunk frame fields of chunk c of `chunks` (forward and backward). */
export function chunkFrame(layout: StateLayout, c: number, chunks: number): Record<string, number> {
  return {
    stateIn: c > 0 ? 1 : 0, stateOut: c < chunks - 1 ? 1 : 0, carryIn: c < chunks - 1 ? 1 : 0,
    ckIn: layout.slot(c), ckOut: layout.slot(c + 1), pgAlpha: layout.pgAlpha, pgThreshold: layout.pgThreshold, pgAlphaSyn: layout.pgAlphaSyn,
  };
}

/** Float offsets of a layer's trainable alpha and threshold in the parameter buffer P (0 when not trained). */
export interface NeuronParamOffsets {
  qaAt: number;
  qtAt: number;
  /** The trainable synaptic decay alphaSyn (0 when not trained). */
  qsAt?: number;
}

/** Which per-neuron parameters a layer trains. */
export interface TrainableNeuronParams {
  alpha: boolean;
  threshold: boolean;
  /** The synaptic current's decay alphaSyn = exp(-dt/tauSyn). Default false. */
  alphaSyn?: boolean;
}

/** Prepared forward and backward dispatches of one layer on fixed [T][B][N] buffers, per chunk of steps. */
export class LifTrainOp {
  private constructor(readonly forwardChunks: PreparedDispatch[], readonly backwardChunks: PreparedDispatch[]) {}

  /** Every chunk's forward, in step order. */
  readonly forward = { encode: (pass: GPUComputePassEncoder): void => { for (const d of this.forwardChunks) d.encode(pass); } };
  /** Every chunk's backward, last chunk first. */
  readonly backward = { encode: (pass: GPUComputePassEncoder): void => { for (const d of [...this.backwardChunks].reverse()) d.encode(pass); } };

  /**
   * `io`: forward reads I (and overwrites it with the filtered current), writes V (and Z when spiking,
   * A for alif); backward reads GZ (dL/dz, or dL/dv for the readout) and V (I, A), and writes GI
   * (dL/dI, one row more than the steps); S carries state (stateLayout). `chunkSteps`: the steps of
   * each checkpoint chunk (default one chunk of `steps`); the buffers then hold one chunk's rows.
   */
  static async create(ctx: GpuContext, label: string, r: ResolvedTrainLif, spiking: boolean, steps: number, batch: number, neurons: number,
    io: LifTrainIo, delayed = true, trainable: TrainableNeuronParams = { alpha: false, threshold: false }, offsets: NeuronParamOffsets = { qaAt: 0, qtAt: 0 },
    chunkSteps: number[] = [steps]): Promise<LifTrainOp> {
    const stride = batch * neurons;
    const layout = stateLayout(stride, chunkSteps.length);
    const { groups, rowsPerY } = grid1d(ctx, stride, WG);
    const made: PreparedDispatch[] = [];
    const make = async (pass: 'forward' | 'backward', c: number): Promise<PreparedDispatch> => {
      const options = {
        workgroupSize: WG, pass, spiking, model: r.model, reset: r.reset, detachReset: r.detachReset, surrogate: r.surrogate,
        delayed: spiking && delayed, trainAlpha: trainable.alpha, trainThreshold: spiking && trainable.threshold, trainAlphaSyn: trainable.alphaSyn === true,
      };
      const storage = lifTrainBindings(options).map(([name, readOnly]) => {
        const bound = io[name as keyof LifTrainIo];
        if (!bound) throw new Error(`lifTrain ${label}.${pass}: buffer ${name} missing`);
        return { name, readOnly, bound };
      });
      const values = { ...r.frame, steps: chunkSteps[c]!, stride, rowsPerY, neurons, qsAt: 0, ...offsets, ...chunkFrame(layout, c, chunkSteps.length) };
      const d = await PreparedDispatch.create(ctx, {
        name: 'lifTrain', label: `${label}.${pass}[${c}]`, options, frame: { layout: LIF_TRAIN_FRAME, values }, storage, groups,
        source: () => lifTrainShader({ ...options, frameStruct: LIF_TRAIN_FRAME.wgsl }),
      });
      made.push(d);
      return d;
    };
    try {
      const forward: PreparedDispatch[] = [];
      const backward: PreparedDispatch[] = [];
      for (let c = 0; c < chunkSteps.length; c++) {
        forward.push(await make('forward', c));
        backward.push(await make('backward', c));
      }
      return new LifTrainOp(forward, backward);
    } catch (e) {
      for (const d of made) d.release();
      throw e;
    }
  }

  release(): void {
    for (const d of [...this.forwardChunks, ...this.backwardChunks]) d.release();
  }
}
