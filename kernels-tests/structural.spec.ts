/**
 * structural (structural plasticity: pruning, regrowth from Philox, the transposed index rebuilt on
 * the GPU): a network with two structurally plastic projections against the network oracle
 * (kernels-tests/oracle/structural.ts inside oracle/plastic.ts): every step's spikes, the synapse
 * lists and the weights; the GPU's transposed index checked against its rows after every rewiring.
 */
import { expect, test } from './harness/fixtures';

for (const c of [
  { label: 'B = 1, rows at their initial capacity', seed: 3, batch: 1, rewirings: 8, everyMs: 25, capacityExtra: 0 },
  { label: 'B = 2, rows with room to grow', seed: 4, batch: 2, rewirings: 8, everyMs: 25, capacityExtra: 3 },
]) {
  test(`structural plasticity (${c.label}): spikes, synapses and weights equal the oracle; the index is consistent after every rewiring`, async ({ gpu }) => {
    test.setTimeout(240_000);
    const r = await gpu.run('structuralVsOracle', c);
    console.log(`[${gpu.runtime}] structural ${c.label}: ${r.mismatchedSteps} mismatched steps ${r.firstMismatch}; synapses per interval ${JSON.stringify(r.synapses)}; pruned ${r.pruned}, grown ${r.grown}; full rows ${r.rowsFull}/${r.rows}; max |w - oracle| ${r.maxAbs}; index errors ${r.indexErrors.length}`);
    expect(r.indexErrors).toEqual([]);
    expect(r.mismatchedSteps).toBe(0);
    expect(r.synapseListsEqual).toBe(true);
    expect(r.maxAbs).toBe(0);
    expect(r.pruned).toBeGreaterThan(20);
    expect(r.grown).toBeGreaterThan(20);
    expect(r.resetRestores).toBe(true);
  });
}

test('structural plasticity: bad input gets typed errors naming the field', async ({ gpu }) => {
  const r = await gpu.run('structuralBadInput', {});
  console.log(JSON.stringify(r, null, 1));
  expect(r['capacity below the longest row']).toMatch(/^InvalidParameterError: projection 'in->exc': synapse.structural.capacity = 1 is not allowed; expected at least the longest row/);
  expect(r['capacity above the targets']).toMatch(/^InvalidParameterError: .*synapse.structural.capacity = 46 .*at most the 45 possible targets/);
  expect(r['pruneBelow outside the bounds']).toMatch(/^InvalidParameterError: .*structural.pruneBelow = 5 .*within the rule's bounds/);
  expect(r['everyMs below a step']).toMatch(/^InvalidParameterError: .*structural.everyMs = 0.1 .*at least one step/);
  expect(r['unknown field']).toMatch(/^InvalidParameterError: .*growth = 2 .*no such option/);
  expect(r['dense storage']).toMatch(/^InvalidParameterError: .*synapse.structural = "with dense storage" .*sparse storage/);
  expect(r.setWeights).toMatch(/^InvalidParameterError: projection 'in->exc': synapse.structural/);
});
