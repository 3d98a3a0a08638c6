/**
 * Analytic checks of lif against closed forms (not against the oracle):
 *  - free decay: v(t) - vRest = (v0 - vRest) exp(-t / tauMem);
 *  - constant current: interspike interval = refractory + tauMem ln((vInf - vReset) / (vInf - vThreshold)),
 *    vInf = vRest + rMem * I, so the measured ISI (in steps of dt) must be within one step of it.
 */
import type { GpuContext } from '../../host/gpu/context';
import { createPopulation } from '../../host/sim/population';
import { testRandom, uniformIn } from './common';

export interface DecayResult { maxRelError: number; checks: number; worst: string }

export async function lifDecay(ctx: GpuContext, args: { size: number; batch: number; steps: number; dt: number; seed: number }): Promise<DecayResult> {
  const r = testRandom(args.seed);
  const n = args.size;
  const tauMem = Array.from({ length: n }, () => uniformIn(r, 5, 50));
  const v0 = Array.from({ length: n }, () => uniformIn(r, -80, -10));
  const pop = await createPopulation(ctx, {
    model: 'lif', size: n, batch: args.batch, dt: args.dt, name: 'lif-decay',
    params: { tauMem, vRest: 0, vThreshold: 1000, vReset: -100, biasCurrent: 0, v0 },
  });
  let maxRelError = 0;
  let checks = 0;
  let worst = '';
  for (let t = 1; t <= args.steps; t++) {
    await pop.run(1);
    if (t % 10 !== 0 && t !== 1) continue;
    const { v } = await pop.readState();
    for (let b = 0; b < args.batch; b++) for (let i = 0; i < n; i++) {
      const exact = (v0[i] as number) * Math.exp((-t * args.dt) / (tauMem[i] as number));
      const rel = Math.abs(((v as Float32Array)[b * n + i] as number) - exact) / Math.abs(exact);
      checks++;
      if (rel > maxRelError) {
        maxRelError = rel;
        worst = `t=${t} steps, neuron ${i}: gpu ${(v as Float32Array)[b * n + i]} exact ${exact}`;
      }
    }
  }
  pop.destroy();
  return { maxRelError, checks, worst };
}

export interface IsiResult {
  neurons: number;
  /** Largest |measured ISI - closed form| in ms over all neurons. */
  maxErrorMs: number;
  dt: number;
  /** Neurons whose successive ISIs were not all equal (must be 0 under constant current). */
  irregular: number;
  /** Neurons that fired fewer than 3 spikes (cannot be checked; must be 0 by construction). */
  tooFew: number;
  worst: string;
}

export async function lifIsi(ctx: GpuContext, args: { size: number; steps: number; dt: number; seed: number }): Promise<IsiResult> {
  const r = testRandom(args.seed);
  const n = args.size;
  const dt = args.dt;
  const tauMem = Array.from({ length: n }, () => uniformIn(r, 5, 30));
  const vRest = -70, vThreshold = -50;
  const vReset = Array.from({ length: n }, () => uniformIn(r, -75, -60));
  const rMem = Array.from({ length: n }, () => uniformIn(r, 0.5, 2));
  // vInf between 2 and 30 mV above threshold.
  const current = Array.from({ length: n }, (_, i) => (vThreshold - vRest + uniformIn(r, 2, 30)) / (rMem[i] as number));
  const refractoryMs = Array.from({ length: n }, () => Math.round(uniformIn(r, 0, 5) / dt) * dt);
  const pop = await createPopulation(ctx, {
    model: 'lif', size: n, dt, name: 'lif-isi',
    params: { tauMem, vRest, vThreshold, vReset, rMem, biasCurrent: current, refractoryMs, v0: vReset },
  });
  const rec = await pop.record(args.steps);
  const res: IsiResult = { neurons: n, maxErrorMs: 0, dt, irregular: 0, tooFew: 0, worst: '' };
  const times: number[][] = Array.from({ length: n }, () => []);
  const ev = rec.events(0);
  for (let k = 0; k < ev.steps.length; k++) (times[ev.indices[k] as number] as number[]).push(ev.steps[k] as number);
  for (let i = 0; i < n; i++) {
    const t = times[i] as number[];
    if (t.length < 3) {
      res.tooFew++;
      continue;
    }
    const isis = t.slice(1).map((x, k) => x - (t[k] as number));
    if (!isis.every((d) => d === isis[0])) res.irregular++;
    const vInf = vRest + (rMem[i] as number) * (current[i] as number);
    const closed = (refractoryMs[i] as number) + (tauMem[i] as number) * Math.log((vInf - (vReset[i] as number)) / (vInf - vThreshold));
    const err = Math.abs((isis[0] as number) * dt - closed);
    if (err > res.maxErrorMs) {
      res.maxErrorMs = err;
      res.worst = `neuron ${i}: measured ${(isis[0] as number) * dt} ms, closed form ${closed.toFixed(4)} ms`;
    }
  }
  pop.destroy();
  return res;
}
