/**
 * fused (the small-network mode: many steps per dispatch) vs the network oracle
 * (kernels-tests/oracle/fused.ts) and vs the per-step kernels.
 */
import { expect, test } from './harness/fixtures';
import { expectNetworkMatchesOracle } from './harness/network-checks';
import type { NetworkCaseArgs, NetworkCaseResult } from './cases/network';
import type { FusedVsPerStepResult } from './cases/fused';

const cases: NetworkCaseArgs[] = [
  { seed: 5, steps: 1000, batch: 2, sizes: [50, 101, 37], rule: 'fixedProbability', fused: 'on' },
  { seed: 6, steps: 1000, batch: 2, sizes: [64, 130, 33], rule: 'fixedInDegree', fused: 'on' },
  { seed: 7, steps: 1000, batch: 3, sizes: [8, 65, 1], rule: 'fixedOutDegree', fused: 'on' },
  { seed: 8, steps: 1000, batch: 2, sizes: [40, 70, 20], rule: 'allToAll', fused: 'on' },
  { seed: 9, steps: 1000, batch: 2, sizes: [30, 90, 10], rule: 'explicit', fused: 'on' },
  { seed: 10, steps: 1000, batch: 2, sizes: [40, 100, 25], rule: 'fixedProbability', inhModel: 'lifCond', fused: 'on' },
];

for (const c of cases) {
  test(`fused: network spikes bit-identical to the oracle: ${c.rule}${c.inhModel ? ` (${c.inhModel} inh)` : ''}, sizes ${c.sizes.join('/')}, B=${c.batch}, seed ${c.seed}`, async ({ gpu }) => {
    const r = (await gpu.run('networkVsOracle', c)) as NetworkCaseResult;
    expectNetworkMatchesOracle(r);
  });
}

test('fused and per-step paths are bit-identical across runs, probes and parameter changes (short and long rows, a model written as equations)', async ({ gpu }) => {
  // The second network's all-to-all rows (300 long) limit the steps per dispatch (llvmpipe's loop budget).
  for (const c of [
    { seed: 31, steps: 700, batch: 2, sizes: [40, 90, 30], rule: 'fixedProbability' },
    { seed: 32, steps: 700, batch: 1, sizes: [30, 301, 20], rule: 'allToAll' },
    // A model written as equations (izhikevich's file with noise: randn(), and inputs held in registers, not stored).
    { seed: 33, steps: 700, batch: 2, sizes: [30, 60, 24], rule: 'fixedProbability', inhModel: 'izhikevichEquations' },
  ] as NetworkCaseArgs[]) {
    const r = (await gpu.run('fusedVsPerStep', c)) as FusedVsPerStepResult;
    console.log(`[${gpu.runtime}] ${c.rule}: ${r.fusedSteps} steps per dispatch, ${r.spikes} spikes`);
    expect(r.differences).toEqual([]);
    expect(r.fusedSteps).toBeGreaterThan(0);
    expect(r.perStepSteps).toBe(0);
    expect(r.spikes).toBeGreaterThan(1000);
    if (c.rule === 'allToAll') expect(r.fusedSteps).toBeLessThan(512);
  }
});

test('fused: overflow and non-finite state are reported as on the per-step path', async ({ gpu }) => {
  const o = await gpu.run('propagateOverflow', { fused: 'on' });
  expect(o?.name).toBe('FixedPointOverflowError');
  expect(o?.projections).toEqual(['huge']);
  const n = await gpu.run('nonFiniteDetection', { fused: 'on' });
  expect(n?.name).toBe('NonFiniteStateError');
  expect(n?.neuron).toBe(3);
  expect(n?.step).toBe(0);
});

test('fused: spike-array sources replay exactly', async ({ gpu }) => {
  const r = await gpu.run('spikeArrayNetwork', { fused: 'on' });
  expect(r.first).toBe('');
  expect(r.mismatchedSteps).toBe(0);
  expect(r.targetSpikes).toBeGreaterThan(0);
});

test("fused mode: 'auto' picks it for small stored networks, 'on' names why it cannot run", async ({ gpu }) => {
  const r = await gpu.run('fusedModeChoice');
  expect(r.onError).toContain('InvalidParameterError');
  expect(r.onError).toContain('fused');
  expect(r.onError).toContain('procedural');
  expect(r.autoProcedural).toBe(false);
  expect(r.autoSmall).toBe(true);
  expect(r.offSmall).toBe(false);
  expect(r.belowThreshold, 'fusedMaxNeurons below the network size: per-step').toBe(false);
});
