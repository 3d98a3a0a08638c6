/**
 * The mstdpet rule (host/learn/rules/mstdpet.ts, Florian 2007; oracle twin
 * kernels-tests/oracle/rules/mstdpet.ts): a random network against the oracle with every modulator
 * source (kernels-tests/cases/three-factor.ts), and one pairing under a constant reward r: the
 * weight change equals gamma dt r sum_t z(t), z jumping by A+- exp(-|dt| / tau) / tauZ at the later
 * spike and decaying with tauZ (float64 sum here).
 */
import type { ThreeFactorResult } from './cases/three-factor';
import type { PairingResult } from './cases/pairing';
import { expectThreeFactor, reportThreeFactor } from './harness/three-factor';
import { expect, test } from './harness/fixtures';

test('mstdpet matches oracle over 2000 steps, B = 2 (sparse and dense exc->exc): dopamine population, model events, host writes and scheduled events', async ({ gpu }) => {
  test.setTimeout(300_000);
  for (const storage of ['sparse', 'dense'] as const) {
    const r = (await gpu.run('threeFactorVsOracle', { seed: storage === 'sparse' ? 21 : 22, steps: 2000, batch: 2, storage, variable: 'z',
      synapse: { rule: 'mstdpet', gamma: 0.5, tauZ: 25 } })) as ThreeFactorResult;
    reportThreeFactor(gpu.runtime, `mstdpet ${storage}`, r);
    expectThreeFactor(r, 2);
  }
});

test('mstdpet under a constant reward: a pre-post / post-pre pairing moves w by gamma dt r sum z (float64, 1e-4 relative), with the sign of A+ / A-', async ({ gpu }) => {
  const dt = 0.5;
  const gamma = 0.2;
  const tauZ = 25;
  const reward = 0.75;
  const r = (await gpu.run('pairingProtocols', { dt, w0: 0, protocols: [{ rateHz: 1, offsetMs: 10, pairs: 1 }, { rateHz: 1, offsetMs: -10, pairs: 1 }], durationMs: 400,
    synapse: { rule: 'mstdpet', wMin: -10, wMax: 10, gamma, tauZ, modulator: { initial: reward } } })) as PairingResult;
  const decayZ = Math.fround(Math.exp(-dt / tauZ));
  const out: string[] = [];
  for (let k = 0; k < 2; k++) {
    const tPre = r.pre[k]![0]!;
    const tPost = r.post[k]![0]!;
    const z0 = tPost >= tPre ? Math.exp(-(tPost - tPre) / 20) / tauZ : -Math.exp(-(tPre - tPost) / 20) / tauZ;
    const first = Math.round(Math.max(tPre, tPost) / dt);
    let want = 0;
    for (let t = first; t < r.steps; t++) want += gamma * dt * reward * z0 * decayZ ** (t - first);
    out.push(`${k === 0 ? 'pre-post' : 'post-pre'}: dw ${r.gpu[k]!.toExponential(4)} (sum ${want.toExponential(4)})`);
    expect(r.gpu[k], 'GPU = oracle').toBe(r.oracle[k]);
    expect(Math.abs(r.gpu[k]! - want) / Math.abs(want)).toBeLessThan(1e-4);
    expect(Math.sign(r.gpu[k]!)).toBe(k === 0 ? 1 : -1);
  }
  console.log(`[${gpu.runtime}] mstdpet constant reward ${reward}: ${out.join('; ')}`);
});
