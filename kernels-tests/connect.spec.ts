/** connect (GPU connectivity generation) vs its oracle (kernels-tests/oracle/connect.ts): every synapse, weight and delay. */
import type { ProjectionModel } from '../host/model/network';
import { expect, test } from './harness/fixtures';

const proj = (connectivity: ProjectionModel['connectivity'], weight: ProjectionModel['weight'], delayMs?: ProjectionModel['delayMs']): ProjectionModel =>
  ({ name: 'p', pre: 'a', post: 'b', target: 'exc', connectivity, weight, ...(delayMs !== undefined ? { delayMs } : {}) });

const cases = [
  { label: 'fixedProbability 0.1, uniform weights, uniform delays', projection: proj({ rule: 'fixedProbability', p: 0.1 }, { dist: 'uniform', low: -0.5, high: 2 }, { dist: 'uniform', low: 0.5, high: 5 }), nPre: 300, nPost: 257, same: false },
  { label: 'fixedProbability 0.3, recurrent without autapses, constant weight', projection: proj({ rule: 'fixedProbability', p: 0.3 }, 1.62, 1.5), nPre: 200, nPost: 200, same: true },
  { label: 'fixedProbability 1 (every pair)', projection: proj({ rule: 'fixedProbability', p: 1 }, { dist: 'constant', value: -9 }), nPre: 33, nPost: 65, same: false },
  { label: 'fixedProbability 0 (no synapse)', projection: proj({ rule: 'fixedProbability', p: 0 }, 1), nPre: 20, nPost: 20, same: false },
  { label: 'fixedOutDegree 17, recurrent, uniform weights', projection: proj({ rule: 'fixedOutDegree', k: 17 }, { dist: 'uniform', low: 0, high: 0.1 }, { dist: 'uniform', low: 0.5, high: 2 }), nPre: 150, nPost: 150, same: true },
  { label: 'fixedOutDegree = all candidates', projection: proj({ rule: 'fixedOutDegree', k: 40 }, 2), nPre: 10, nPost: 40, same: false },
  { label: 'allToAll with autapses', projection: proj({ rule: 'allToAll', autapses: true }, { dist: 'uniform', low: 1, high: 3 }), nPre: 70, nPost: 70, same: true },
  { label: 'oneToOne', projection: proj({ rule: 'oneToOne' }, 0.75, 2), nPre: 129, nPost: 129, same: false },
  { label: 'fixedInDegree 25, recurrent without autapses, uniform weights and delays', projection: proj({ rule: 'fixedInDegree', k: 25 }, { dist: 'uniform', low: 0.5, high: 1.5 }, { dist: 'uniform', low: 0.5, high: 3 }), nPre: 180, nPost: 180, same: true },
  { label: 'fixedInDegree = the whole pre population', projection: proj({ rule: 'fixedInDegree', k: 37 }, -2), nPre: 37, nPost: 50, same: false },
  // Over 1024 columns and 1024 Floyd steps: several dispatches per pass (llvmpipe's loop limit).
  { label: 'fixedInDegree 1030 of 1200, 1100 columns', projection: proj({ rule: 'fixedInDegree', k: 1030 }, { dist: 'uniform', low: 0, high: 0.01 }), nPre: 1200, nPost: 1100, same: false },
  // Rows of about 1250 > CONNECT_SORT_MAX_ROW: filled row by column instead of scattered and sorted.
  { label: 'fixedInDegree 250 of 300, rows longer than the sort limit', projection: proj({ rule: 'fixedInDegree', k: 250 }, 0.5, 1), nPre: 300, nPost: 1500, same: false },
  { label: 'fixedOutDegree 40 over 2500 columns', projection: proj({ rule: 'fixedOutDegree', k: 40 }, 1, { dist: 'uniform', low: 0.5, high: 2 }), nPre: 90, nPost: 2500, same: false },
  { label: 'fixedProbability 0.05 over 2100 columns, recurrent', projection: proj({ rule: 'fixedProbability', p: 0.05 }, { dist: 'uniform', low: -1, high: 1 }), nPre: 2100, nPost: 2100, same: true },
  // Normal weights and delays (normalF32): unclipped, clipped on one side and on both, delays kept in their step bounds.
  { label: 'fixedProbability 0.1, normal weights, normal delays', projection: proj({ rule: 'fixedProbability', p: 0.1 }, { dist: 'normal', mean: 0.8, sd: 0.3 }, { dist: 'normal', mean: 1.5, sd: 0.75, low: 0.5 }), nPre: 300, nPost: 257, same: false },
  { label: 'fixedOutDegree 30, recurrent, normal weights clipped at 0, normal delays clipped both sides', projection: proj({ rule: 'fixedOutDegree', k: 30 }, { dist: 'normal', mean: -0.4, sd: 0.3, high: 0 }, { dist: 'normal', mean: 0.8, sd: 0.4, low: 0.3, high: 1.6 }), nPre: 150, nPost: 150, same: true },
  { label: 'fixedInDegree 25, normal weights clipped to [0.7, 1.6], sorted rows', projection: proj({ rule: 'fixedInDegree', k: 25 }, { dist: 'normal', mean: 1, sd: 0.3, low: 0.7, high: 1.6 }, { dist: 'normal', mean: 2, sd: 1 }), nPre: 180, nPost: 220, same: false },
  // fixedTotalNumber with multapses (the microcircuit's rule): a thread per synapse; values drawn by synapse.
  { label: 'fixedTotalNumber 9000, recurrent without autapses, normal weights and delays', projection: proj({ rule: 'fixedTotalNumber', n: 9000 }, { dist: 'normal', mean: 87.8, sd: 8.8, low: 0 }, { dist: 'normal', mean: 1.5, sd: 0.75, low: 0.1 }), nPre: 160, nPost: 160, same: true },
  { label: 'fixedTotalNumber 70 000 with autapses, uniform weights and delays', projection: proj({ rule: 'fixedTotalNumber', n: 70000, autapses: true }, { dist: 'uniform', low: -1, high: 1 }, { dist: 'uniform', low: 0.5, high: 3 }), nPre: 300, nPost: 300, same: true },
  { label: 'fixedTotalNumber 5000, constant weight, between populations', projection: proj({ rule: 'fixedTotalNumber', n: 5000 }, 0.5, 1), nPre: 40, nPost: 70, same: false },
  // Rows start with 20 slots, far below the longest (about 120): the overflowing rows are counted, then all refilled.
  { label: 'fixedTotalNumber 5000, rows past their first capacity (refilled at the counted length)', projection: proj({ rule: 'fixedTotalNumber', n: 5000 }, { dist: 'normal', mean: 1, sd: 0.2 }, { dist: 'uniform', low: 0.5, high: 2 }), nPre: 40, nPost: 70, same: false, rowCapacity: 20 },
  { label: 'fixedInDegree 250 of 300, normal weights, rows longer than the sort limit', projection: proj({ rule: 'fixedInDegree', k: 250 }, { dist: 'normal', mean: 87.8, sd: 8.8 }), nPre: 300, nPost: 1500, same: false },
];

for (const [n, c] of cases.entries()) {
  test(`connect on the GPU equals the oracle: ${c.label}, ${c.nPre}x${c.nPost}`, async ({ gpu }) => {
    const r = await gpu.run('connectVsOracle', { ...c, index: n, seed: 77 + n });
    console.log(`[${gpu.runtime}] connect ${c.label}: ${r.synapses} synapses, maxRow ${r.maxRow}, ${r.gpuMs.toFixed(1)} ms`);
    expect(r.first).toBe('');
    expect(r.mismatchedRows).toBe(0);
    expect(r.synapses).toBe(r.oracleSynapses);
  });
}

test('connectivity generated on the GPU or on the host gives the same network (fixedOutDegree, and fixedTotalNumber whose GPU rows are in arrival order, also when rows pass their capacity in their page); "gpu" refuses host-only rules', async ({ gpu }) => {
  const r = await gpu.run('connectivityStrategies');
  expect(r.spikes).toBeGreaterThan(100);
  expect(r.identical).toBe(true);
  console.log(`[${gpu.runtime}] fixedTotalNumber network: ${r.totalNumberSpikes} spikes, GPU-built = host-built: ${r.totalNumberIdentical}`);
  expect(r.totalNumberSpikes).toBeGreaterThan(100);
  expect(r.totalNumberIdentical).toBe(true);
  // Generated in their pages at too small a row capacity, then again at the counted length into pages after them.
  console.log(`[${gpu.runtime}] refilled: pages ${JSON.stringify(r.refilledPages)}, dispatches ${r.refilledDispatches}, row lengths ${JSON.stringify(r.refilledMaxRows)}, identical ${r.refilledIdentical}`);
  expect(r.refilledIdentical).toBe(true);
  expect(r.refilledMaxRows).toEqual([14, 18, 13, 13]);
  expect(r.refilledPages).toEqual(['exc->inh, inh->exc', 'in->exc, exc->exc']);
  expect(r.refilledDispatches).toBe(2);
  expect(r.gpuOnlyError).toContain("projection 'exc->exc'");
  expect(r.gpuOnlyError).toContain('lognormal weights are drawn on the host');
});
