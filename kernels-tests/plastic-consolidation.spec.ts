/**
 * Importance-gated consolidation of plastic synapses (synapse.consolidation, host/learn/synapse-consolidation.ts):
 * a network with two gated STDP projections (one also rewiring), consolidated twice, against the
 * network oracle (the gated twin in kernels-tests/oracle/plastic.ts): spikes, weights and the
 * change / importance / gate variables.
 */
import { expect, test } from './harness/fixtures';

for (const c of [{ seed: 5, batch: 1, strength: 50, steps: 300 }, { seed: 6, batch: 2, strength: 200, steps: 300 }]) {
  test(`consolidated plastic synapses (B = ${c.batch}, c = ${c.strength}): spikes, weights and consolidation variables equal the oracle`, async ({ gpu }) => {
    test.setTimeout(240_000);
    const r = await gpu.run('plasticConsolidationVsOracle', c);
    console.log(`[${gpu.runtime}] plastic consolidation B=${c.batch}: ${r.mismatchedSteps} mismatched steps ${r.firstMismatch}; max |gpu - oracle| ${JSON.stringify(r.maxAbs)}; ${r.gated} gated synapse-instances, ${r.importance} with importance`);
    expect(r.mismatchedSteps).toBe(0);
    for (const [k, v] of Object.entries(r.maxAbs as Record<string, number>)) expect(v, k).toBe(0);
    expect(r.gated).toBeGreaterThan(50);
    expect(r.importance).toBeGreaterThan(50);
  });
}

test('synapse.consolidation: bad input gets typed errors naming the field', async ({ gpu }) => {
  const r = await gpu.run('plasticConsolidationBadInput', {});
  expect(r['negative strength']).toMatch(/^InvalidParameterError: .*consolidation.strength = -1/);
  expect(r['unknown field']).toMatch(/^InvalidParameterError: .*rate = 2 .*no such option/);
  expect(r['consolidate without the option']).toMatch(/^InvalidParameterError: projection 'exc->exc': synapse.consolidation = undefined/);
  expect(r['consolidate a static projection']).toMatch(/^InvalidParameterError: projection 'exc->inh': synapse = "static" .*consolidation/);
});
