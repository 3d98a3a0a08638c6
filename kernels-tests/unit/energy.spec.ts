/** The energy estimate is the counters times the per-operation energies. */
import { expect, test } from '@playwright/test';
import { estimateEnergy } from '../../host/analysis/energy';

test('E = SynOps E_syn + updates E_neuron + spikes E_spike, and mean power over model time', () => {
  const counters = {
    steps: 10000,
    populations: { a: { spikes: 100, updates: 4e7 }, b: { spikes: 50, updates: 1e7 } },
    projections: { p: { synops: 3e6, overflow: 0 }, q: { synops: 1e6, overflow: 0 } },
  };
  const e = estimateEnergy(counters, 0.1, { synOpJ: 2e-11, neuronUpdateJ: 5e-11, spikeJ: 1e-9, source: 'test figures' });
  expect(e.synOps).toBe(4e6);
  expect(e.updates).toBe(5e7);
  expect(e.spikes).toBe(150);
  expect(e.joules).toBeCloseTo(4e6 * 2e-11 + 5e7 * 5e-11 + 150 * 1e-9, 15);
  expect(e.watts).toBeCloseTo(e.joules / 1, 15);
  expect(e.source).toBe('test figures');
  expect(() => estimateEnergy(counters, 0.1, { synOpJ: -1, neuronUpdateJ: 0 })).toThrow(/synOpJ = -1/);
});
