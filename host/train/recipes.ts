/**
 * Training recipes for the published tasks: the network, the Trainer options and the epochs that
 * docs/training.md reports, shared by the CLI (`npx spikegpu train --task yinyang`) and the tests.
 */
import type { TrainNetworkSpec } from './network.js';
import type { TrainerOptions } from './options.js';

export interface Recipe {
  task: string;
  spec: TrainNetworkSpec;
  epochs: number;
  /** Trainer options for a training set of `trainSize` samples and `epochs` epochs. */
  options(seed: number, epochs: number, trainSize: number): TrainerOptions;
}

/**
 * Yin-Yang (Kriener et al. 2022): 4 input currents (x, y, 1 - x, 1 - y) held for 30 steps of 1 ms,
 * 120 CubaLIF neurons (tauMem 10 ms, tauSyn 5 ms, soft reset, fast-sigmoid surrogate), 3 leaky
 * readouts (tauMem 20 ms), cross-entropy on each readout's maximum over time, Adam (lr 3e-3, cosine
 * decay to 0), batches of 32, 20 epochs.
 */
export const YIN_YANG_RECIPE: Recipe = {
  task: 'yinyang',
  spec: { inputs: 4, hidden: [{ size: 120, params: { tauMem: 10, tauSyn: 5 } }], readout: { size: 3, params: { tauMem: 20, tauSyn: 5 } } },
  epochs: 20,
  options: (seed, epochs, trainSize) => ({
    steps: 30, batchSize: 32, seed, initGain: 3, loss: 'maxOverTime',
    optimizer: { kind: 'adam', lr: 3e-3, schedule: { kind: 'cosine', totalSteps: epochs * Math.ceil(trainSize / 32) } },
  }),
};

/**
 * Randman (Zenke & Vogels 2021): `units` input spike trains of `steps` steps (one spike per unit and
 * sample), 128 CubaLIF neurons (tauMem 10 ms, tauSyn 5 ms), one leaky readout per class, cross-entropy
 * on the readouts' mean over time (with the maximum over time, readouts whose maximum stays at the
 * first steps, before any spike arrives, get no weight gradient: 50 % test accuracy against 99 % at
 * D = 1), Adam lr 2e-3, batches of 32, 30 epochs; the inputs are spikes (event-driven first-layer products).
 */
export function randmanRecipe(units: number, classes: number, steps: number): Recipe {
  return {
    task: 'randman',
    spec: { inputs: units, hidden: [{ size: 128, params: { tauMem: 10, tauSyn: 5 } }], readout: { size: classes, params: { tauMem: 20, tauSyn: 5 } } },
    epochs: 30,
    options: (seed) => ({ steps, batchSize: 32, seed, initGain: 3, loss: 'meanOverTime', optimizer: { kind: 'adam', lr: 2e-3 }, spikeInputs: true }),
  };
}
