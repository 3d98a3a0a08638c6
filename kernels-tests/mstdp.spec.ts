/**
 * The mstdp rule (host/learn/rules/mstdp.ts, Florian 2007; oracle twin
 * kernels-tests/oracle/rules/mstdp.ts): a random network against the oracle with every modulator
 * source, and the modulated window: a pairing at +-dt under reward r changes w by gamma r A+ exp(-dt/tau+)
 * (pre first) or gamma r A- exp(dt/tau-) (post first), and by nothing without reward.
 */
import type { ThreeFactorResult } from './cases/three-factor';
import type { PairingResult } from './cases/pairing';
import { expectThreeFactor, reportThreeFactor } from './harness/three-factor';
import { expect, test } from './harness/fixtures';

test('mstdp matches oracle over 2000 steps, B = 2 (sparse and dense exc->exc): dopamine population, model events, host writes and scheduled events', async ({ gpu }) => {
  test.setTimeout(300_000);
  for (const storage of ['sparse', 'dense'] as const) {
    const r = (await gpu.run('threeFactorVsOracle', { seed: storage === 'sparse' ? 31 : 32, steps: 2000, batch: 2, storage,
      synapse: { rule: 'mstdp', gamma: 0.05 } })) as ThreeFactorResult;
    reportThreeFactor(gpu.runtime, `mstdp ${storage}`, r);
    expectThreeFactor(r, 2);
  }
});

test('mstdp window under reward r: gamma r A+ exp(-dt/tau+) and gamma r A- exp(dt/tau-) within 1e-5 relative; no reward, no change', async ({ gpu }) => {
  const offsets = [-30, -10, -2, 2, 10, 30];
  const protocols = offsets.map((offsetMs) => ({ rateHz: 1, offsetMs, pairs: 1 }));
  const gamma = 0.3;
  for (const reward of [0.5, 0]) {
    const r = (await gpu.run('pairingProtocols', { dt: 0.5, w0: 0, protocols, synapse: { rule: 'mstdp', wMin: -1, wMax: 1, gamma, modulator: { initial: reward } } })) as PairingResult;
    const rows: string[] = [];
    offsets.forEach((d, k) => {
      expect(r.gpu[k], 'GPU = oracle').toBe(r.oracle[k]);
      const want = d > 0 ? gamma * reward * Math.exp(-d / 20) : -gamma * reward * Math.exp(d / 20);
      rows.push(`${d} ms: ${r.gpu[k]!.toExponential(4)} (${want.toExponential(4)})`);
      if (reward === 0) expect(r.gpu[k]).toBe(0);
      else expect(Math.abs(r.gpu[k]! - want) / Math.abs(want)).toBeLessThan(1e-5);
    });
    console.log(`[${gpu.runtime}] mstdp window, reward ${reward}: ${rows.join('; ')}`);
  }
});
