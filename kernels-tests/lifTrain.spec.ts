/**
 * lifTrain (a trainable LIF layer or leaky-integrator readout, forward and BPTT) vs its oracle
 * (kernels-tests/oracle/lifTrain.ts).
 */
import { expect, test } from './harness/fixtures';
import { expectLayerBitIdentical } from './harness/train-layer';

const variants = [
  { label: 'soft reset, detached, fast sigmoid', params: {} },
  { label: 'hard reset, detached', params: { reset: 'hard' } },
  { label: 'soft reset through the graph', params: { detachReset: false } },
  { label: 'hard reset through the graph, arctan', params: { reset: 'hard', detachReset: false, surrogate: { kind: 'arctan' } } },
  { label: 'CubaLIF (tauSyn 5), triangle x 0.3', params: { tauSyn: 5, surrogate: { kind: 'triangle', scale: 0.3 } } },
  { label: 'exponential surrogate', params: { surrogate: { kind: 'exponential' } } },
];

for (const [k, v] of variants.entries()) {
  test(`lifTrain forward and backward vs oracle: ${v.label} (37 neurons, B = 3, T = 40)`, async ({ gpu }) => {
    const r = await gpu.run('lifTrainVsOracle', { seed: 20 + k, steps: 40, batch: 3, size: 37, params: v.params, spiking: true });
    expect(r.spikes).toBeGreaterThan(100);
    expect(r.vMismatch).toBe(0);
    expect(r.zMismatch).toBe(0);
    // exp is the one operation WGSL does not pin down: the exponential surrogate gets a tolerance.
    if (v.params.surrogate?.kind === 'exponential') expect(r.giMaxRel).toBeLessThan(1e-5);
    else expect(r.giMismatch).toBe(0);
  });
}

const extended = [
  { label: 'ALIF (beta 0.5, tauAdapt 30), soft reset through the graph', model: 'alif', params: { beta: 0.5, tauAdapt: 30, detachReset: false } },
  { label: 'ALIF, hard reset, detached, triangle', model: 'alif', params: { beta: 0.8, reset: 'hard', surrogate: { kind: 'triangle' } } },
  { label: 'trainable per-neuron alpha and threshold', trainAlpha: true, trainThreshold: true, params: { detachReset: false } },
  { label: 'ALIF with trainable alpha, alphaSyn and threshold, CubaLIF', model: 'alif', trainAlpha: true, trainThreshold: true, trainAlphaSyn: true, params: { beta: 0.3, tauSyn: 4, rMem: 2 } },
  { label: 'trainable alphaSyn starting from plain LIF (tauSyn 0)', trainAlphaSyn: true, params: {} },
] as const;

for (const [k, v] of extended.entries()) {
  test(`lifTrain forward and backward vs oracle: ${v.label} (37 neurons, B = 3, T = 40)`, async ({ gpu }) => {
    expectLayerBitIdentical(await gpu.run('lifTrainVsOracle', { seed: 40 + k, steps: 40, batch: 3, size: 37, spiking: true, ...v }));
  });
}

test('lifTrain readout with trainable alpha and alphaSyn: bit-identical to the oracle, the clamped neurons get no gradient', async ({ gpu }) => {
  const r = await gpu.run('lifTrainVsOracle', { seed: 31, steps: 40, batch: 3, size: 5, params: {}, spiking: false, trainAlpha: true, trainAlphaSyn: true });
  expect(r.vMismatch).toBe(0);
  expect(r.giMismatch).toBe(0);
  expect(r.pgMismatch).toBe(0);
});

test('lifTrain readout (leaky integrator, tauSyn 5): forward and backward bit-identical to the oracle', async ({ gpu }) => {
  const r = await gpu.run('lifTrainVsOracle', { seed: 30, steps: 40, batch: 3, size: 5, params: { tauSyn: 5 }, spiking: false });
  expect(r.vMismatch).toBe(0);
  expect(r.giMismatch).toBe(0);
});
