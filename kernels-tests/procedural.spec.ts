/** procedural (synapses regenerated per spike, none stored) vs the oracle (kernels-tests/oracle/procedural.ts). */
import { expect, test } from './harness/fixtures';

test('procedural projections give the oracle\'s spikes and SynOps (fixedProbability, allToAll with autapses, uniform and constant weights, B=2)', async ({ gpu }) => {
  const r = await gpu.run('proceduralVsOracle', { seed: 41, steps: 800, batch: 2 });
  expect(r.storages).toEqual(['procedural', 'procedural', 'procedural']);
  expect(r.first).toBe('');
  expect(r.mismatchedSteps).toBe(0);
  expect(r.spikes).toBeGreaterThan(100);
  expect(r.gpuSynops).toBe(r.oracleSynops);
});
