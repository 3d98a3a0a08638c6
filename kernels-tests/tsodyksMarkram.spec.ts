/**
 * The tsodyksMarkram rule (host/learn/rules/tsodyksMarkram.ts; oracle twin
 * kernels-tests/oracle/rules/tsodyksMarkram.ts): regular presynaptic trains at 5-40 Hz through
 * Tsodyks, Pawelzik & Markram 1998's depressing and facilitating synapses. Every step's synaptic
 * current equals the oracle's, and each spike's EPSC equals w u_n x_n from the model's closed form:
 *   u_n = u_inf + (U - u_inf) q^(n-1), q = (1 - U) exp(-T / tauFacil), u_inf = U / (1 - q)
 *   x_{n+1} = 1 - (1 - x_n (1 - u_n)) exp(-T / tauRec), x_1 = 1
 * (for the depressing set, u_n = U and x_n = x_inf + (1 - x_inf) r^(n-1), r = (1 - U) exp(-T / tauRec)).
 * The published behaviour: the depressing synapse's EPSCs fall, the faster the rate the deeper; the
 * facilitating synapse's grow over the first spikes at 20-40 Hz.
 */
import type { PlasticCaseResult } from './cases/plastic';
import type { StpTrainResult } from './cases/stp';
import { STP_PRESETS } from '../host/learn/rules/tsodyksMarkram';
import { expect, test } from './harness/fixtures';

/** EPSC of spike n (1-based) of a regular train with period T (ms), in units of w, from the closed form. */
function closedForm(preset: { U: number; tauRec: number; tauFacil: number }, T: number, spikes: number): number[] {
  const { U, tauRec, tauFacil } = preset;
  const eD = Math.exp(-T / tauRec);
  const out: number[] = [];
  if (tauFacil === 0) {
    const r = (1 - U) * eD;
    const xInf = (1 - eD) / (1 - r);
    for (let n = 1; n <= spikes; n++) out.push(U * (xInf + (1 - xInf) * r ** (n - 1)));
    return out;
  }
  const q = (1 - U) * Math.exp(-T / tauFacil);
  const uInf = U / (1 - q);
  let x = 1;
  for (let n = 1; n <= spikes; n++) {
    const u = uInf + (U - uInf) * q ** (n - 1);
    out.push(u * x);
    x = 1 - (1 - x * (1 - u)) * eD;
  }
  return out;
}

test('tsodyksMarkram: regular trains at 5/20/40 Hz, depressing and facilitating (Tsodyks, Pawelzik & Markram 1998): iExc = oracle every step; EPSC_n = w u_n x_n within 1e-4', async ({ gpu }) => {
  test.setTimeout(300_000);
  const rates = [5, 20, 40];
  const presets = ['depressing', 'facilitating'] as const;
  const trains = presets.flatMap((preset) => rates.map((rateHz) => ({ rateHz, spikes: 20, synapse: { preset } })));
  const weight = 50;
  const r = (await gpu.run('stpTrains', { dt: 0.5, weight, trains })) as StpTrainResult;
  expect(r.mismatches, r.firstMismatch).toBe(0);
  const rows: string[] = [];
  trains.forEach((tr, k) => {
    const preset = STP_PRESETS[tr.synapse.preset]!;
    // The train's period on the dt grid (times are rounded to it).
    const T = Math.round(1000 / tr.rateHz / 0.5) * 0.5;
    const want = closedForm(preset, T, tr.spikes).map((e) => e * weight);
    const got = r.epsc[k]!;
    expect(got.length).toBe(tr.spikes);
    let worst = 0;
    got.forEach((e, n) => { worst = Math.max(worst, Math.abs(e - want[n]!) / want[n]!); });
    rows.push(`${tr.synapse.preset} ${tr.rateHz} Hz: EPSC 1, 2, 5, 20 = ${[0, 1, 4, 19].map((n) => (got[n]! / weight).toFixed(4)).join(', ')} (x w), worst rel. error ${worst.toExponential(2)}`);
    expect(worst, `${tr.synapse.preset} ${tr.rateHz} Hz`).toBeLessThan(1e-4);
  });
  console.log(`[${gpu.runtime}] tsodyksMarkram: ${rows.join('; ')}`);
  const e = (preset: string, rate: number) => r.epsc[presets.indexOf(preset as never) * rates.length + rates.indexOf(rate)]!;
  for (const rate of rates) expect(e('depressing', rate)[19]!).toBeLessThan(e('depressing', rate)[0]! * 0.8);
  expect(e('depressing', 40)[19]!).toBeLessThan(e('depressing', 5)[19]!);
  for (const rate of [20, 40]) expect(e('facilitating', rate)[4]!).toBeGreaterThan(e('facilitating', rate)[0]! * 2);
});

test('tsodyksMarkram in random networks over 2000 steps, B = 2 (sparse and dense, axonal delays): every spike equals the oracle, weights stay as built', async ({ gpu }) => {
  test.setTimeout(300_000);
  const base = { steps: 2000, batch: 2, sizes: [37, 45, 13] as [number, number, number], fused: 'auto' as const, dependence: 'additive' as const, pairing: 'allToAll' as const, dendriticDelayMs: 0 };
  for (const c of [
    { seed: 51, storage: 'sparse' as const, delayMs: 2, synapse: { rule: 'tsodyksMarkram', preset: 'depressing' } },
    { seed: 52, storage: 'dense' as const, delayMs: 0.5, synapse: { rule: 'tsodyksMarkram', U: 0.2, tauRec: 200, tauFacil: 300 } },
  ]) {
    const r = (await gpu.run('plasticVsOracle', { ...base, ...c })) as PlasticCaseResult;
    console.log(`[${gpu.runtime}] tsodyksMarkram network ${c.storage}: spikes ${JSON.stringify(r.spikes)}`);
    expect(r.mismatchedSteps, r.firstMismatch).toBe(0);
    expect(r.spikes.exc, 'the exc population fires, so delivery under STP shapes the run').toBeGreaterThan(100);
    for (const [name, x] of Object.entries(r.weights)) {
      expect(x.maxAbs, name).toBe(0);
      expect(x.changed, `${name}: short-term plasticity leaves w unchanged`).toBe(0);
    }
    expect(r.rerunIdentical).toBe(true);
  }
});
