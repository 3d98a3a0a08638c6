/**
 * recTrain (a trainable recurrent LIF/ALIF layer, dense or sparse recurrent weights, forward and
 * BPTT, one workgroup per instance) vs its oracle (kernels-tests/oracle/recTrain.ts), including runs
 * split into short dispatch chunks (the state carried across chunk boundaries).
 */
import { expect, test } from './harness/fixtures';
import { expectLayerBitIdentical } from './harness/train-layer';

const variants = [
  { label: 'dense, LIF, soft reset detached', args: { params: {} } },
  { label: 'dense, split into chunks of 7 forward / 5 backward steps', args: { params: { detachReset: false }, chunks: { forward: 7, backward: 5 } } },
  { label: 'sparse (density 0.2), hard reset, arctan', args: { params: { reset: 'hard', surrogate: { kind: 'arctan' } }, sparse: 0.2 } },
  { label: 'ALIF, sparse, trainable alpha, alphaSyn and threshold, chunks of 3 / 4 steps', args: { model: 'alif', params: { beta: 0.4, tauAdapt: 25, tauSyn: 3 }, sparse: 0.3, trainAlpha: true, trainThreshold: true, trainAlphaSyn: true, chunks: { forward: 3, backward: 4 } } },
  { label: 'dense ALIF, trainable threshold', args: { model: 'alif', params: { beta: 0.6, detachReset: false }, trainThreshold: true } },
] as const;

for (const [k, v] of variants.entries()) {
  test(`recTrain forward and backward vs oracle: ${v.label} (45 neurons, B = 3, T = 30)`, async ({ gpu }) => {
    expectLayerBitIdentical(await gpu.run('recTrainVsOracle', { seed: 60 + k, steps: 30, batch: 3, size: 45, spiking: true, ...v.args }));
  });
}

test('recTrain: a layer larger than one workgroup (300 neurons, several per thread) matches the oracle', async ({ gpu }) => {
  const r = await gpu.run('recTrainVsOracle', { seed: 70, steps: 12, batch: 2, size: 300, spiking: true, params: {}, sparse: 0.05 });
  expect(r.plan.workgroupSize).toBeLessThan(300);
  expectLayerBitIdentical(r);
});
