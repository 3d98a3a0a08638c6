/**
 * Training recipes for the published tasks: the network, the Trainer options and the epochs that
 * docs/training.md reports, shared by the CLI (`npx spikegpu train --task yinyang`) and the tests.
 */
import type { TrainNetworkSpec } from './network';
import type { TrainerOptions } from './trainer';

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
