/**
 * Trainer options: their types, defaults and checks (typed errors naming the option), resolved with
 * the network spec into what the plan and the Trainer use; and Trainer.fit's options and epoch
 * statistics. Pure host code, no GPU.
 */
import { InvalidParameterError } from '../errors.js';
import { resolveConsolidation, type ConsolidationOptions, type ResolvedConsolidation } from '../kernels/consolidation.js';
import { resolveOptimizer, type OptimizerOptions, type ResolvedOptimizer } from '../kernels/optimizer.js';
import { resolveRateReg, type RateRegOptions } from '../kernels/rateReg.js';
import { READOUT_MAX_CLASSES, type ReadoutLoss } from '../kernels/readoutLoss.js';
import { rejectUnknownKeys, requireInteger, requireOneOf, requirePositive } from '../validate.js';
import { resolveTrainNetwork, type ResolvedLayer, type TrainNetworkSpec } from './network.js';
import type { Dataset } from './dataset.js';

export interface TrainerOptions {
  /** Steps per sample (T), >= 1. */
  steps: number;
  /** Samples per batch (B), >= 1. */
  batchSize: number;
  /** Time step (ms). Default 1. */
  dt?: number;
  /** Seed of the initial weights and of the shuffling. Default 1. */
  seed?: number;
  /**
   * Readout loss: 'maxOverTime' (default; cross-entropy on each readout neuron's maximum over time),
   * 'meanOverTime' (on the mean), or 'mse' (mean squared error to the dataset's target traces; accuracy
   * is then reported as 0).
   */
  loss?: ReadoutLoss;
  optimizer?: OptimizerOptions;
  /** Initial weights uniform in +-gain / sqrt(fan-in). Default 1 (hidden layers), readout the same. */
  initGain?: number;
  /** Firing-rate regularisers on every hidden layer (Zenke & Vogels 2021); their loss adds to the reported loss. */
  rateRegularizer?: RateRegOptions;
  /**
   * Products whose left operand is a layer's spikes (the next layer's X W + b, its weight gradient
   * Z^T GI, the recurrent weight gradient): 'events' sums only the spikes (matmul's event-driven
   * strategy: one workgroup per output row, the same bits as the dense product); 'dense' uses the
   * dense product; 'auto' (default) uses 'events' for products at least SPIKE_EVENTS_MIN_COLUMNS wide.
   * On llvmpipe at 10 % spike density the event-driven product won from about 48 output columns
   * (5.5x at 512 columns) and lost on thin ones (13 ms against 0.5 ms at 3): docs/benchmarks.md.
   */
  spikeProducts?: 'auto' | 'events' | 'dense';
  /** The dataset's inputs are spikes (mostly zeros, as Randman's): the first layer's products follow spikeProducts too. Default false. */
  spikeInputs?: boolean;
  /**
   * Micro-batches per optimizer update (default 1): the gradients of `gradientAccumulation` batches of
   * `batchSize` samples are summed before one update, so a large effective batch fits in the memory
   * of a small one (activations scale with batchSize). Losses and gradients are averaged over the
   * update's samples, as one batch of batchSize x gradientAccumulation would be (up to the order of the sums).
   */
  gradientAccumulation?: number;
  /**
   * Checkpointing for long sequences: the steps run in chunks of this many; activations are kept for
   * one chunk only, each layer's state is stored at every chunk start, and the backward pass
   * recomputes each chunk's forward from its checkpoint before going back through it. Memory for
   * activations falls by about steps / checkpointEvery, for one more forward pass. The forward pass is
   * bit-identical; weight gradients are summed chunk by chunk (equal up to the order of the sums).
   * Default: no checkpointing. Not with rateRegularizer.
   */
  checkpointEvery?: number;
  /**
   * Importance-gated consolidation for learning tasks one after another: { method: 'si' | 'ewc',
   * strength, damping? }. Training then minimises the task loss plus strength / 2 sum Omega (P - P*)^2;
   * Trainer.consolidate() (at a task boundary) adds the finished task's importance to Omega and moves
   * the anchor P* to the current weights. Default: none.
   */
  consolidation?: ConsolidationOptions;
}

/** spikeProducts 'auto': the event-driven product from this many output columns (measured crossover on llvmpipe: about 48). */
export const SPIKE_EVENTS_MIN_COLUMNS = 64;

/** TrainerOptions with every default applied and checked. */
export interface ResolvedTrainerOptions {
  steps: number;
  batchSize: number;
  dt: number;
  seed: number;
  loss: ReadoutLoss;
  initGain: number;
  optimizer: ResolvedOptimizer;
  rateRegularizer: ReturnType<typeof resolveRateReg> | undefined;
  spikeProducts: 'auto' | 'events' | 'dense';
  spikeInputs: boolean;
  gradientAccumulation: number;
  /** Steps per checkpoint chunk (= steps without checkpointing). */
  checkpointEvery: number;
  consolidation: ResolvedConsolidation | undefined;
}

const OPTION_KEYS = ['steps', 'batchSize', 'dt', 'seed', 'loss', 'optimizer', 'initGain', 'rateRegularizer', 'spikeProducts', 'spikeInputs', 'gradientAccumulation', 'checkpointEvery', 'consolidation'];

/**
 * Checks `options` against `spec` and applies the defaults; resolves the network's layers (at the
 * resolved dt). Throws InvalidParameterError naming the option (or the spec field) on bad input.
 */
export function resolveTrainerOptions(spec: TrainNetworkSpec, options: TrainerOptions): { options: ResolvedTrainerOptions; layers: ResolvedLayer[] } {
  const object = 'Trainer options';
  rejectUnknownKeys(object, options, OPTION_KEYS);
  const spikeInputs = options.spikeInputs ?? false;
  if (typeof spikeInputs !== 'boolean') throw new InvalidParameterError(object, 'spikeInputs', spikeInputs, 'true or false');
  const gradientAccumulation = requireInteger(object, 'gradientAccumulation', options.gradientAccumulation ?? 1, 1, 1 << 16);
  const spikeProducts = requireOneOf(object, 'spikeProducts', options.spikeProducts ?? 'auto', ['auto', 'events', 'dense'] as const);
  const rateRegularizer = options.rateRegularizer ? resolveRateReg(options.rateRegularizer) : undefined;
  const steps = requireInteger(object, 'steps', options.steps, 1, 1 << 20);
  const batchSize = requireInteger(object, 'batchSize', options.batchSize, 1, 1 << 20);
  const dt = requirePositive(object, 'dt', options.dt ?? 1, 'ms');
  const seed = requireInteger(object, 'seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER);
  const loss = requireOneOf(object, 'loss', options.loss ?? 'maxOverTime', ['maxOverTime', 'meanOverTime', 'spikeCount', 'mse'] as const);
  const initGain = requirePositive(object, 'initGain', options.initGain ?? 1);
  const optimizer = resolveOptimizer(options.optimizer);
  const layers = resolveTrainNetwork(spec, dt);
  const readout = layers[layers.length - 1]!;
  if (loss !== 'mse' && readout.size > READOUT_MAX_CLASSES) throw new InvalidParameterError('TrainNetworkSpec.readout', 'size', readout.size, `at most ${READOUT_MAX_CLASSES} classes for ${loss}`);
  if ((loss === 'spikeCount') !== readout.spiking) {
    throw new InvalidParameterError(object, 'loss', loss, readout.spiking ? "'spikeCount' (the readout spikes)" : "'maxOverTime', 'meanOverTime' or 'mse' (a leaky-integrator readout; set readout.spiking for 'spikeCount')");
  }
  const checkpointEvery = options.checkpointEvery === undefined ? steps : requireInteger(object, 'checkpointEvery', options.checkpointEvery, 1, steps);
  if (checkpointEvery < steps && rateRegularizer) {
    throw new InvalidParameterError(object, 'rateRegularizer', options.rateRegularizer, 'not set together with checkpointEvery (the regularisers need every step of the spikes at once)');
  }
  const consolidation = options.consolidation === undefined ? undefined : resolveConsolidation(options.consolidation);
  return {
    options: { steps, batchSize, dt, seed, loss, initGain, optimizer, rateRegularizer, spikeProducts, spikeInputs, gradientAccumulation, checkpointEvery, consolidation },
    layers,
  };
}

export interface EpochStats {
  epoch: number;
  loss: number;
  accuracy: number;
  /** Wall time of the epoch (s). */
  seconds: number;
  validation?: { loss: number; accuracy: number };
  /** Set when the epoch's loss diverged (FitOptions.onDivergence). */
  diverged?: boolean;
}

export interface FitOptions {
  epochs: number;
  /** Shuffle the training set every epoch (seeded). Default true. */
  shuffle?: boolean;
  validation?: Dataset;
  onEpoch?: (s: EpochStats) => void;
  onBatch?: (b: { epoch: number; batch: number; batches: number; loss: number; accuracy: number }) => void;
  /**
   * What to do when an epoch's mean loss exceeds DIVERGENCE_FACTOR times the loss of the first batch
   * (or is not finite): 'warn' (default: console.warn once per fit, and EpochStats.diverged), 'error'
   * (throw TrainingDivergedError after that epoch) or 'ignore'.
   */
  onDivergence?: 'warn' | 'error' | 'ignore';
}

/** An epoch whose mean loss is this many times the first batch's loss has diverged. */
export const DIVERGENCE_FACTOR = 100;

/** Checks Trainer.fit's options (typed errors naming the option): the epoch count and the divergence policy. */
export function resolveFitOptions(options: FitOptions): { epochs: number; onDivergence: 'warn' | 'error' | 'ignore' } {
  const object = 'Trainer.fit options';
  rejectUnknownKeys(object, options, ['epochs', 'shuffle', 'validation', 'onEpoch', 'onBatch', 'onDivergence']);
  return {
    epochs: requireInteger(object, 'epochs', options.epochs, 0, 1 << 20),
    onDivergence: requireOneOf(object, 'onDivergence', options.onDivergence ?? 'warn', ['warn', 'error', 'ignore'] as const),
  };
}
