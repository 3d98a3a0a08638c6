/**
 * lifTrain kernel binding: a trainable LIF (or leaky-integrator readout) layer's constants, their
 * validation, and prepared forward/backward dispatches over [T][B][N] buffers. WGSL:
 * shaders/lifTrain.wgsl.ts; oracle: kernels-tests/oracle/lifTrain.ts.
 */
import { InvalidParameterError } from '../errors';
import type { GpuContext } from '../gpu/context';
import { defineStruct, type StructValues } from '../gpu/layout';
import { requireOneOf, requirePositive, rejectUnknownKeys } from '../validate';
import { lifTrainShader, type SurrogateKind } from '../../shaders/lifTrain.wgsl';
import { decayFactor } from './neuron-kernel';
import { grid1d, PreparedDispatch, type Bound } from './prepared';

export type { SurrogateKind } from '../../shaders/lifTrain.wgsl';

export const LIF_TRAIN_FRAME = defineStruct('Frame', [
  ['steps', 'u32'], ['stride', 'u32'], ['rowsPerY', 'u32'], ['noContract', 'u32'],
  ['alphaMem', 'f32'], ['rMem', 'f32'], ['threshold', 'f32'], ['alphaSyn', 'f32'], ['inputGain', 'f32'],
  ['slope', 'f32'], ['scale', 'f32'], ['halfPiSlope', 'f32'], ['halfSlope', 'f32'],
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
}

export const SURROGATE_DEFAULT_SLOPE: Record<SurrogateKind, number> = { fastSigmoid: 10, arctan: 2, triangle: 1, exponential: 5 };

export interface ResolvedTrainLif {
  frame: Omit<StructValues, 'steps' | 'stride' | 'rowsPerY'> & Record<string, number>;
  reset: 'soft' | 'hard';
  detachReset: boolean;
  surrogate: SurrogateKind;
}

/** Validates a layer's parameters and derives the f32 constants shared by the GPU and the oracle. */
export function resolveTrainLif(object: string, params: TrainLifParams = {}, dt: number): ResolvedTrainLif {
  rejectUnknownKeys(object, params, ['tauMem', 'tauSyn', 'threshold', 'rMem', 'reset', 'detachReset', 'surrogate']);
  const tauMem = requirePositive(object, 'tauMem', params.tauMem ?? 10, 'ms');
  const tauSyn = params.tauSyn ?? 0;
  if (typeof tauSyn !== 'number' || !(tauSyn >= 0) || !Number.isFinite(tauSyn)) throw new InvalidParameterError(object, 'tauSyn', tauSyn, 'a finite number >= 0 (ms; 0 = plain LIF)');
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
    reset, detachReset, surrogate,
    frame: {
      noContract: 0, alphaMem, rMem: f(rMem), threshold: f(threshold), alphaSyn: decayFactor(dt, tauSyn),
      inputGain: f(f(rMem) * f(1 - alphaMem)), slope: f(slope), scale: f(scale),
      halfPiSlope: f((Math.PI / 2) * slope), halfSlope: f(slope / 2),
    },
  };
}

const WG = 64;

/** Prepared forward and backward dispatches of one layer on fixed [T][B][N] buffers. */
export class LifTrainOp {
  private constructor(readonly forward: PreparedDispatch, readonly backward: PreparedDispatch) {}

  /**
   * `io`: forward reads I, writes V (and Z when spiking); backward reads GZ (dL/dz, or dL/dv for the
   * readout) and V, and writes GI (dL/dI).
   */
  static async create(ctx: GpuContext, label: string, r: ResolvedTrainLif, spiking: boolean, steps: number, stride: number,
    io: { I: Bound; V: Bound; Z?: Bound; GZ: Bound; GI: Bound }, delayed = true): Promise<LifTrainOp> {
    const { groups, rowsPerY } = grid1d(ctx, stride, WG);
    const frame = { layout: LIF_TRAIN_FRAME, values: { ...r.frame, steps, stride, rowsPerY } };
    const make = (pass: 'forward' | 'backward') => {
      const options = { workgroupSize: WG, pass, spiking, reset: r.reset, detachReset: r.detachReset, surrogate: r.surrogate, delayed: spiking && delayed };
      const storage = pass === 'forward'
        ? [{ name: 'I', readOnly: true, bound: io.I }, { name: 'V', readOnly: false, bound: io.V }, ...(spiking ? [{ name: 'Z', readOnly: false, bound: io.Z! }] : [])]
        : [{ name: 'GZ', readOnly: true, bound: io.GZ }, { name: 'V', readOnly: true, bound: io.V }, { name: 'GI', readOnly: false, bound: io.GI }];
      return PreparedDispatch.create(ctx, {
        name: 'lifTrain', label: `${label}.${pass}`, options, frame, storage, groups,
        source: () => lifTrainShader({ ...options, frameStruct: LIF_TRAIN_FRAME.wgsl }),
      });
    };
    return new LifTrainOp(await make('forward'), await make('backward'));
  }

  release(): void {
    this.forward.release();
    this.backward.release();
  }
}
