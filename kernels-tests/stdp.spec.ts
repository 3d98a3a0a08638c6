/**
 * The stdp rule (host/learn/rules/stdp.ts; oracle twin kernels-tests/oracle/rules/stdp.ts): the STDP
 * window of isolated pairs against its closed form, with and without axonal and dendritic delays,
 * for both pairings. Its runs against the oracle are in plastic.spec.ts.
 */
import type { WindowArgs } from './cases/plastic';
import { expect, test } from './harness/fixtures';

const WINDOWS: (WindowArgs & { label: string })[] = [
  { label: 'all-to-all, dt 0.1 ms, delay dt', dt: 0.1, pairing: 'allToAll', tauPlus: 16.8, tauMinus: 33.7, aPlus: 0.01, aMinus: 0.0105, delayMs: 0.1, dendriticDelayMs: 0 },
  { label: 'all-to-all, dt 0.025 ms (12 000 steps), delay dt', dt: 0.025, pairing: 'allToAll', tauPlus: 20, tauMinus: 20, aPlus: 0.01, aMinus: 0.0105, delayMs: 0.025, dendriticDelayMs: 0 },
  { label: 'nearest, dt 0.1 ms, axonal 2 ms, dendritic 1 ms', dt: 0.1, pairing: 'nearest', tauPlus: 20, tauMinus: 20, aPlus: 0.005, aMinus: 0.006, delayMs: 2, dendriticDelayMs: 1 },
];

for (const a of WINDOWS) {
  test(`stdp window: pairs over -100..100 ms give A+ exp(-dt/tau+) and -A- exp(dt/tau-) within 1e-4 relative (${a.label})`, async ({ gpu }) => {
    const r = (await gpu.run('stdpWindow', a)) as { dtMs: number[]; dw: number[]; postSpikes: number };
    expect(r.postSpikes, 'the post neuron fires exactly once').toBe(1);
    let worst = 0;
    let at = '';
    for (let k = 0; k < r.dtMs.length; k++) {
      const d = r.dtMs[k]!;
      // Pre before or with post (d >= 0): potentiation at the post spike; post first: depression at the pre spike.
      const want = d >= 0 ? a.aPlus * Math.exp(-d / a.tauPlus) : -a.aMinus * Math.exp(d / a.tauMinus);
      const rel = Math.abs(r.dw[k]! - want) / Math.abs(want);
      if (rel > worst) {
        worst = rel;
        at = `dt ${d.toFixed(1)} ms: ${r.dw[k]} vs ${want}`;
      }
    }
    const lo = Math.min(...r.dtMs);
    const hi = Math.max(...r.dtMs);
    console.log(`[${gpu.runtime}] stdp window (${a.label}): ${r.dtMs.length} pairs, dt from ${lo.toFixed(1)} to ${hi.toFixed(1)} ms; largest relative error ${worst.toExponential(2)} (${at})`);
    expect(r.dtMs.length).toBe(201);
    expect(lo).toBeLessThanOrEqual(-97);
    expect(hi).toBeGreaterThanOrEqual(97);
    expect(worst).toBeLessThan(1e-4);
  });
}
