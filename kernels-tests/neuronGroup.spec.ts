/**
 * neuronGroup (one dispatch updates many neuron populations) vs the network oracle
 * (kernels-tests/oracle/neuronGroup.ts) and vs one dispatch per population.
 */
import { expect, test } from './harness/fixtures';
import { expectNetworkMatchesOracle } from './harness/network-checks';
import type { NetworkCaseArgs, NetworkCaseResult } from './cases/network';
import type { GroupVsSoloArgs, GroupVsSoloResult } from './cases/neuron-group';

test('neuron group: the network oracle\'s spikes and counters, exc (lif), inh (izhikevich written as equations, with noise) and the Poisson input in one dispatch', async ({ gpu }) => {
  const c: NetworkCaseArgs = { seed: 12, steps: 1000, batch: 2, sizes: [50, 101, 37], rule: 'fixedProbability', inhModel: 'izhikevichEquations' };
  const r = (await gpu.run('networkVsOracle', c)) as NetworkCaseResult;
  expect(r.neuronDispatches).toEqual(['exc, inh, input']);
  expectNetworkMatchesOracle(r);
});

const cases: (GroupVsSoloArgs & { grouped: string[] })[] = [
  // Every population in one group: the neuron populations, then the Poisson source.
  { seed: 3, batch: 2, steps: 400, grouped: ['exc, soft, izh, cond, adapt, iaf, eq, input'] },
  // Input arenas of 12 KiB: the populations' rings fill two arenas, one group each; the source joins the first.
  { seed: 4, batch: 1, steps: 400, arenaBytes: 12288, grouped: ['exc, soft, izh, input', 'cond, adapt, iaf, eq'] },
];

for (const c of cases) {
  test(`neuron group vs one dispatch per population: bit-identical spikes, probes, states and counters (B=${c.batch}${c.arenaBytes ? `, input arenas of ${c.arenaBytes} B` : ''})`, async ({ gpu }) => {
    const r = (await gpu.run('groupVsSolo', c)) as GroupVsSoloResult;
    console.log(`[${gpu.runtime}] dispatches ${JSON.stringify(r.grouped)}; commands per step ${r.commandsGrouped} vs ${r.commandsSolo}; spikes ${JSON.stringify(r.spikes)}`);
    expect(r.grouped).toEqual(c.grouped);
    expect(r.solo).toEqual(['input', 'exc', 'soft', 'izh', 'cond', 'adapt', 'iaf', 'eq']);
    expect(r.differences).toEqual([]);
    // The per-population build dispatches each population; the grouped one each group.
    expect(r.commandsSolo - r.commandsGrouped).toBe(r.solo.length - r.grouped.length);
    // Every population fires, so the comparison is not of silent networks.
    for (const [name, n] of Object.entries(r.spikes)) expect(n, name).toBeGreaterThan(20);
  });
}
