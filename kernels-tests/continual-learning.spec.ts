/**
 * Continual learning (Node only, like microcircuit.spec.ts: a training demonstration, not a kernel check):
 * two permuted Randman tasks learned one after the other through one network. Without consolidation,
 * learning task B overwrites much of task A; with Synaptic Intelligence (c = 0.3, the best mean in
 * docs/learning.md's sweep) clearly more of A survives while B is still learned.
 */
import { expect, test } from './harness/fixtures';

test('consolidation (SI) keeps clearly more of task A after task B than no consolidation', async ({ gpu }) => {
  test.setTimeout(300_000);
  const off = await gpu.run('continualLearning', { count: 2, epochs: 20 });
  const on = await gpu.run('continualLearning', { count: 2, epochs: 20, consolidation: { method: 'si', strength: 0.3 } });
  const fmt = (r: { accuracy: number[][] }) => r.accuracy.map((a) => a.map((x) => (100 * x).toFixed(0)).join(', ')).join(' | ');
  console.log(`[${gpu.runtime}] task accuracy (%) after A | after B: without consolidation ${fmt(off)}; with SI ${fmt(on)}`);
  // Both learn A alone to the same accuracy (consolidation does nothing before the first boundary).
  expect(on.accuracy[0][0]).toBe(off.accuracy[0][0]);
  expect(off.accuracy[0][0]).toBeGreaterThan(0.9);
  // Forgetting without consolidation, and clearly less with it.
  expect(off.accuracy[1][0]).toBeLessThan(off.accuracy[0][0] - 0.15);
  expect(on.accuracy[1][0]).toBeGreaterThan(off.accuracy[1][0] + 0.08);
  // B is still learned.
  expect(on.accuracy[1][1]).toBeGreaterThan(0.8);
});

test('consolidated plastic synapses keep pattern A through pattern B (synapse.consolidation, STDP, 20 s per pattern)', async ({ gpu }) => {
  test.setTimeout(300_000);
  const off = await gpu.run('plasticRetention', { strength: null, phaseMs: 20_000, seed: 1 });
  const on = await gpu.run('plasticRetention', { strength: 100, phaseMs: 20_000, seed: 1 });
  const fmt = (r: { afterA: number[]; afterB: number[] }) => `after A: A ${r.afterA[0]!.toFixed(3)}, B ${r.afterA[1]!.toFixed(3)}; after B: A ${r.afterB[0]!.toFixed(3)}, B ${r.afterB[1]!.toFixed(3)}`;
  console.log(`[${gpu.runtime}] mean weights (wMax 1): without consolidation ${fmt(off)}; with c = 100 ${fmt(on)}`);
  expect(on.afterA).toEqual(off.afterA); // nothing is gated before the first consolidation
  expect(off.afterA[0]!).toBeGreaterThan(0.9);
  expect(off.afterB[0]!).toBeLessThan(off.afterA[0]! - 0.05); // B overwrites part of A
  expect(on.afterB[0]!).toBeGreaterThan(off.afterB[0]! + 0.05); // consolidation keeps it
  expect(on.afterB[1]!).toBeGreaterThan(0.9); // and B is still learned
});
