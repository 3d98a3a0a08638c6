/**
 * The rstdp rule (host/learn/rules/rstdp.ts, Izhikevich 2007; oracle twin
 * kernels-tests/oracle/rules/rstdp.ts): a random network against the oracle with every modulator
 * source (kernels-tests/cases/three-factor.ts), and the distal reward: one pre-post pairing, then a
 * dopamine reward 0.2-1 s later, changes the weight by the discrete sum eta dt sum_t M(t) c(t)
 * computed here in float64.
 */
import type { ThreeFactorResult } from './cases/three-factor';
import type { PairingResult } from './cases/pairing';
import { expectThreeFactor, reportThreeFactor } from './harness/three-factor';
import { expect, test } from './harness/fixtures';

for (const storage of ['sparse', 'dense'] as const) {
  // The sparse case updates w every 2 ms (Izhikevich's code: every 10 ms), the dense one every step.
  test(`rstdp matches oracle over 2000 steps, B = 2, exc->exc ${storage}, update every ${storage === 'sparse' ? '2 ms' : 'step'}: dopamine population, model events, host writes and scheduled events`, async ({ gpu }) => {
    test.setTimeout(300_000);
    const r = (await gpu.run('threeFactorVsOracle', { seed: storage === 'sparse' ? 11 : 12, steps: 2000, batch: 2, storage, variable: 'c',
      synapse: { rule: 'rstdp', tauC: 200, eta: 0.5, aPlus: 0.1, aMinus: 0.15, pairing: storage === 'sparse' ? 'nearest' : 'allToAll', ...(storage === 'sparse' ? { updateEveryMs: 2 } : {}) } })) as ThreeFactorResult;
    reportThreeFactor(gpu.runtime, `rstdp ${storage}`, r);
    expectThreeFactor(r, 2);
  });
}

test('rstdp distal reward: a pre-post (or post-pre) pairing then a reward 200-1000 ms later moves w by eta dt sum M c (float64 sum, 1e-4 relative)', async ({ gpu }) => {
  const dt = 1;
  const tauC = 1000;
  const tauD = 200;
  const eta = 0.1;
  const delays = [200, 500, 1000];
  const protocols = [{ rateHz: 1, offsetMs: 10, pairs: 1 }, { rateHz: 1, offsetMs: -10, pairs: 1 }];
  // One run per reward delay: a pre-post and a post-pre pair, both rewarded at 40 + delay ms.
  const results: { delay: number; sign: number; dw: number; want: number }[] = [];
  for (const delay of delays) {
    const r = (await gpu.run('pairingProtocols', { dt, w0: 0, protocols, durationMs: 40 + delay + 3000,
      synapse: { rule: 'rstdp', wMin: -10, wMax: 10, tauC, eta, modulator: { tauMs: tauD, events: [{ timeMs: 40 + delay, amount: 0.5 }] } } })) as PairingResult;
    for (let k = 0; k < 2; k++) {
      const tPre = r.pre[k]![0]!;
      const tPost = r.post[k]![0]!;
      // Nearest traces set to 1, tau 20 ms: the eligibility after the pairing, at the later spike.
      const c0 = tPost >= tPre ? 0.1 * Math.exp(-(tPost - tPre) / 20) : -0.15 * Math.exp(-(tPre - tPost) / 20);
      const tc = Math.max(tPre, tPost);
      const tR = 40 + delay;
      // Step t (after the spikes): w += eta dt M(t) c(t), then c decays; M(t) = 0.5 exp(-(t - tR) / tauD) from tR on.
      // M and c decay by the f32 factors exp(-dt / tau) per step (the modulator's and the rule's definition).
      const decayD = Math.fround(Math.exp(-dt / tauD));
      const decayC = Math.fround(Math.exp(-dt / tauC));
      let want = 0;
      for (let t = tc; t < r.steps; t++) {
        const M = t >= tR ? 0.5 * decayD ** (t - tR) : 0;
        want += eta * dt * M * c0 * decayC ** (t - tc);
      }
      results.push({ delay, sign: k === 0 ? 1 : -1, dw: r.gpu[k]!, want });
      expect(r.gpu[k], 'GPU = oracle').toBe(r.oracle[k]);
    }
  }
  console.log(`[${gpu.runtime}] rstdp distal reward: ${results.map((x) => `${x.sign > 0 ? 'pre-post' : 'post-pre'} reward +${x.delay} ms: dw ${x.dw.toExponential(4)} (sum ${x.want.toExponential(4)})`).join('; ')}`);
  for (const x of results) {
    expect(Math.sign(x.dw)).toBe(x.sign);
    expect(Math.abs(x.dw - x.want) / Math.abs(x.want)).toBeLessThan(1e-4);
  }
  // The later the reward, the smaller the change (eligibility decays with tauC).
  expect(Math.abs(results[0]!.dw)).toBeGreaterThan(Math.abs(results[4]!.dw));
});
