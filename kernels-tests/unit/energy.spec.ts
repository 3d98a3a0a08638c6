/** The energy estimate is the counters times the per-operation energies. */
import { expect, test } from '@playwright/test';
import { ENERGY_PRESETS, estimateEnergy } from '../../host/analysis/energy';

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

test('presets: the Loihi (Davies et al. 2018) and 45 nm DRAM (Horowitz 2014) figures, by name', () => {
  const counters = {
    steps: 1000,
    populations: { a: { spikes: 2000, updates: 1e6 } },
    projections: { p: { synops: 1e5, overflow: 0 } },
  };
  const loihi = estimateEnergy(counters, 1, 'loihi2018');
  expect(loihi.joules).toBeCloseTo(1e5 * 23.6e-12 + 1e6 * 81e-12 + 2000 * 1.7e-12, 18);
  expect(loihi.source).toContain('Davies et al. 2018');
  const dram = estimateEnergy(counters, 1, 'dram45nm');
  expect(dram.parts.synOps).toBeCloseTo(1e5 * 1285.1e-12, 15);
  expect(dram.source).toContain('Horowitz');
  // Same counts, different hardware: the estimate differs by the per-operation ratio, nothing else.
  expect(dram.parts.synOps / loihi.parts.synOps).toBeCloseTo(1285.1 / 23.6, 9);
  for (const p of Object.values(ENERGY_PRESETS)) expect(p.notes.length).toBeGreaterThan(40);
  // @ts-expect-error -- an unknown preset name
  expect(() => estimateEnergy(counters, 1, 'truenorth')).toThrow(/energies = "truenorth".*loihi2018, dram45nm/);
});
