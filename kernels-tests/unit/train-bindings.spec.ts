/**
 * The training layer kernels stay within WebGPU's guaranteed 8 storage buffers per shader stage
 * (maxStorageBuffersPerShaderStage) for every combination of their options.
 */
import { expect, test } from '@playwright/test';
import { lifTrainBindings } from '../../shaders/lifTrain.wgsl';
import { recTrainBindings } from '../../shaders/recTrain.wgsl';

const flags = [false, true];

test('lifTrain and recTrain bind at most 8 storage buffers in every variant', () => {
  let worst = 0;
  for (const model of ['lif', 'alif'] as const) for (const trainAlpha of flags) for (const trainThreshold of flags) for (const trainAlphaSyn of flags) {
    for (const pass of ['forward', 'backward'] as const) for (const spiking of flags) {
      worst = Math.max(worst, lifTrainBindings({ pass, spiking, model, trainAlpha, trainThreshold, trainAlphaSyn }).length);
    }
    for (const pass of ['forward', 'backward', 'weightGrad'] as const) for (const sparse of flags) {
      worst = Math.max(worst, recTrainBindings({ pass, model, sparse, trainAlpha, trainThreshold, trainAlphaSyn }).length);
    }
  }
  expect(worst).toBeLessThanOrEqual(8);
  expect(worst).toBeGreaterThanOrEqual(7);
});
