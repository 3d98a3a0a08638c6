/**
 * The triplet rule (host/learn/rules/triplet.ts; oracle twin kernels-tests/oracle/rules/triplet.ts):
 * Sjöström et al. 2001's pairing protocol (pre-post at +10 ms and post-pre at -10 ms, repeated at
 * 1-50 Hz) with Pfister & Gerstner 2006's visual-cortex fits. The GPU's weight change equals the
 * oracle's, and the model's own prediction computed here by direct sums over the spike pairs and
 * triplets the synapse saw (eqs. 3-4 of the paper, float64, no traces); its frequency dependence has
 * the paper's shape: post-pre depresses at low rates and potentiates at 50 Hz, pre-post potentiates
 * more as the rate grows.
 */
import type { PairingResult } from './cases/pairing';
import type { PlasticCaseResult } from './cases/plastic';
import { TRIPLET_PRESETS, type TripletSet } from '../host/learn/rules/triplet';
import { expect, test } from './harness/fixtures';

const RATES = [1, 5, 10, 20, 30, 40, 50];

/** The rule's weight change over the spike times (ms) one synapse saw, by direct sums; and the sum of |each update|. */
function predicted(set: TripletSet, pre: number[], post: number[]): { dw: number; scale: number } {
  const trace = (times: number[], t: number, tau: number, inclusive: boolean) => {
    const before = times.filter((s) => (inclusive ? s <= t : s < t));
    if (before.length === 0) return 0;
    return set.pairing === 'allToAll' ? before.reduce((a, s) => a + Math.exp(-(t - s) / tau), 0) : Math.exp(-(t - before[before.length - 1]!) / tau);
  };
  let dw = 0;
  let scale = 0;
  // A presynaptic spike runs before a postsynaptic spike of the same step: r1 at a post spike includes a pre spike at that step.
  for (const t of post) {
    const up = trace(pre, t, set.tauPlus, true) * (set.a2Plus + set.a3Plus * trace(post, t, set.tauY, false));
    dw += up;
    scale += Math.abs(up);
  }
  for (const t of pre) {
    const down = trace(post, t, set.tauMinus, false) * (set.a2Minus + set.a3Minus * trace(pre, t, set.tauX, false));
    dw -= down;
    scale += Math.abs(down);
  }
  return { dw, scale };
}

for (const preset of ['visualCortexAllToAllMinimal', 'visualCortexAllToAllFull', 'visualCortexNearestFull'] as const) {
  test(`triplet (${preset}): pairing at 1-50 Hz, +-10 ms: GPU = oracle, = the model's direct sums within 1e-4, with the frequency dependence of Pfister & Gerstner 2006`, async ({ gpu }) => {
    test.setTimeout(300_000);
    const set = TRIPLET_PRESETS[preset]!;
    const protocols = RATES.flatMap((rateHz) => [10, -10].map((offsetMs) => ({ rateHz, offsetMs, pairs: 10 })));
    const r = (await gpu.run('pairingProtocols', { dt: 0.5, w0: 0, synapse: { rule: 'triplet', preset, wMin: -1, wMax: 1 }, protocols })) as PairingResult;
    const rows: string[] = [];
    let worst = 0;
    const dw: Record<string, number> = {};
    protocols.forEach((p, k) => {
      expect(r.gpu[k], `protocol ${p.rateHz} Hz ${p.offsetMs} ms: GPU = oracle`).toBe(r.oracle[k]);
      const want = predicted(set, r.pre[k]!, r.post[k]!);
      const err = Math.abs(r.gpu[k]! - want.dw) / want.scale;
      worst = Math.max(worst, err);
      dw[`${p.rateHz}:${p.offsetMs}`] = r.gpu[k]!;
      rows.push(`${p.rateHz} Hz ${p.offsetMs > 0 ? '+' : ''}${p.offsetMs} ms: ${(r.gpu[k]! / p.pairs).toExponential(3)} per pairing (model ${(want.dw / p.pairs).toExponential(3)})`);
    });
    console.log(`[${gpu.runtime}] triplet ${preset}, ${r.steps} steps: ${rows.join('; ')}; largest |gpu - model| / sum |updates| = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    // The paper's Fig. 3 shape (Sjöström et al. 2001's data): post-pre depresses at 1 Hz and potentiates at 50 Hz;
    // pre-post potentiation grows with the rate.
    expect(dw['1:-10']!).toBeLessThan(0);
    expect(dw['50:-10']!).toBeGreaterThan(0);
    for (let k = 1; k < RATES.length; k++) expect(dw[`${RATES[k]}:10`]!, `pre-post at ${RATES[k]} Hz vs ${RATES[k - 1]} Hz`).toBeGreaterThan(dw[`${RATES[k - 1]}:10`]!);
  });
}

test('triplet matches oracle over 2000 steps on random networks, B = 2: nearest-spike full set with dense storage and delays; all-to-all with sparse storage', async ({ gpu }) => {
  test.setTimeout(300_000);
  const base = { steps: 2000, batch: 2, sizes: [37, 45, 13] as [number, number, number], fused: 'auto' as const, dependence: 'additive' as const, pairing: 'allToAll' as const };
  for (const c of [
    { seed: 41, storage: 'dense' as const, delayMs: 2, dendriticDelayMs: 1.5, synapse: { rule: 'triplet', preset: 'visualCortexNearestFull' } },
    { seed: 42, storage: 'sparse' as const, delayMs: 0.5, dendriticDelayMs: 0, synapse: { rule: 'triplet', preset: 'hippocampalAllToAllFull' } },
  ]) {
    const r = (await gpu.run('plasticVsOracle', { ...base, ...c })) as PlasticCaseResult;
    console.log(`[${gpu.runtime}] triplet ${c.synapse.preset}, ${c.storage}: spikes ${JSON.stringify(r.spikes)}; ${Object.entries(r.weights).map(([n, x]) => `${n}: ${x.changed} of ${x.synapses * 2} moved, max |gpu - oracle| ${x.maxAbs}`).join('; ')}`);
    expect(r.mismatchedSteps, r.firstMismatch).toBe(0);
    for (const [name, x] of Object.entries(r.weights)) {
      expect(x.maxAbs, `${name}: bit-identical`).toBe(0);
      expect(x.changed, name).toBeGreaterThan(x.synapses * base.batch / 4);
    }
    expect(r.rerunIdentical).toBe(true);
  }
});
