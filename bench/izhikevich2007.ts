/**
 * Izhikevich 2007, first experiment ("Solving the distal reward problem"; host/model/examples.ts
 * izhikevich2007()), on demand: `npm run bench -- izhikevich2007 [--sizes 3600000]` (model ms).
 * The synapse from excitatory neuron 0 to its first target starts at 0. Every time the target fires
 * within 20 ms after neuron 0 (his dopamine.m's test), a reward (dopamine + 0.5) is scheduled at a
 * random delay of 1-3 s, without reading anything back inside the steps: the run goes in chunks of
 * 1 s, reads the chunk's spikes, and schedules the rewards found (always after the chunk's end, as
 * the delay is at least 1 s). Every 10 s it reads the weights. Writes its section into
 * docs/plasticity.md and the figure docs/images/izhikevich2007.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { GpuContext } from '../host/gpu/context';
import { izhikevich2007 } from '../host/model/examples';
import { Simulator } from '../host/sim/simulator';
import { markdownTable } from './format';

export const IZHIKEVICH_FIGURE = resolve(import.meta.dirname, '../docs/images/izhikevich2007.svg');
const INTERVAL_MS = 20;
const W_MAX = 4;

interface Sample { minutes: number; rewarded: number; mean: number; p99: number; atMax: number; rewards: number; rateHz: number }

/** A small seeded generator (mulberry32) for the reward delays, so a run is repeatable. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function benchIzhikevich2007(ctx: GpuContext, durationMs: number, log = console.log): Promise<{ body: string; svg: string }> {
  const model = izhikevich2007();
  const sim = await Simulator.build(ctx, model, { dt: 1, seed: 1 });
  const syn = await sim.weights('exc->exc');
  const n1 = 0;
  const rewarded = syn.pre.findIndex((p) => p === n1);
  const n2 = syn.post[rewarded]!;
  const w0 = Float32Array.from(syn.weights);
  w0[rewarded] = 0;
  sim.setWeights('exc->exc', w0);
  const random = mulberry32(7);
  let lastN1 = -Infinity;
  let rewards = 0;
  let spikes = 0;
  const samples: Sample[] = [];
  const sample = async (t: number, rateHz: number) => {
    const w = (await sim.weights('exc->exc')).weights;
    const others = Array.from(w).filter((_, k) => k !== rewarded).sort((a, b) => a - b);
    samples.push({
      minutes: t / 60_000, rewarded: w[rewarded]!, mean: others.reduce((a, x) => a + x, 0) / others.length,
      p99: others[Math.floor(0.99 * (others.length - 1))]!, atMax: others.filter((x) => x >= 0.99 * W_MAX).length / others.length, rewards, rateHz,
    });
  };
  await sample(0, 0);
  const t0 = performance.now();
  for (let done = 0; done < durationMs; done += 1000) {
    const r = await sim.run({ steps: 1000, record: ['exc'] });
    const ev = r.spikes.exc!.events();
    spikes += ev.steps.length;
    const events: { timeMs: number; amount: number }[] = [];
    for (let k = 0; k < ev.steps.length; k++) {
      const t = done + ev.steps[k]!;
      if (ev.indices[k] === n1) lastN1 = t;
      // dopamine.m: the target fires within 20 ms after neuron 0's last spike (not in the same ms).
      else if (ev.indices[k] === n2 && t > lastN1 && t - lastN1 < INTERVAL_MS) events.push({ timeMs: t + 1000 + Math.ceil(2000 * random()), amount: 0.5 });
    }
    if (events.length) {
      rewards += events.length;
      sim.scheduleModulator('exc->exc', events);
      sim.scheduleModulator('exc->inh', events);
    }
    if ((done + 1000) % 10_000 === 0) {
      await sample(done + 1000, spikes / 800 / 10);
      spikes = 0;
      const s = samples[samples.length - 1]!;
      log(`sample ${JSON.stringify(s)}`);
      if ((done + 1000) % 60_000 === 0) log(`${(s.minutes).toFixed(0)} min: rewarded ${s.rewarded.toFixed(3)}, others mean ${s.mean.toFixed(3)}, p99 ${s.p99.toFixed(3)}, ${rewards} rewards, ${s.rateHz.toFixed(2)} Hz, ${((performance.now() - t0) / 1000).toFixed(0)} s wall`);
    }
  }
  const wallS = (performance.now() - t0) / 1000;
  const final = (await sim.weights('exc->exc')).weights;
  sim.destroy();
  const others = Array.from(final).filter((_, k) => k !== rewarded);
  const rank = others.filter((x) => x < final[rewarded]!).length / others.length;
  const rows = samples.filter((s, k) => k === 0 || Math.round(s.minutes * 6) % 30 === 0 || k === samples.length - 1)
    .map((s) => [s.minutes.toFixed(1), s.rewarded.toFixed(3), s.mean.toFixed(3), s.p99.toFixed(3), (100 * s.atMax).toFixed(2), s.rewards, s.rateHz.toFixed(2)]);
  const table = markdownTable(['model time (min)', 'rewarded w', 'others: mean w', 'others: 99th percentile', 'others at wMax (%)', 'rewards so far', 'exc rate (Hz, last 10 s)'], rows);
  const hist = Array.from({ length: 8 }, (_, k) => others.filter((x) => x >= k * 0.5 && (k === 7 ? x <= W_MAX : x < (k + 1) * 0.5)).length / others.length);
  const body = `${table}

- After ${(durationMs / 60_000).toFixed(1)} min of model time: the rewarded synapse (exc ${n1} -> exc ${n2}, from 0) is at ${final[rewarded]!.toFixed(3)} of wMax ${W_MAX};
  it is above ${(100 * rank).toFixed(2)} % of the other ${others.length} excitatory-to-excitatory synapses (mean ${(others.reduce((a, x) => a + x, 0) / others.length).toFixed(3)}).
  ${rewards} rewards were scheduled. Wall time ${wallS.toFixed(0)} s (${((wallS * 1e6) / durationMs).toFixed(0)} us per 1 ms step, spike readback per 1 s chunk included).
- Final weights of the other synapses, fraction per 0.5: ${hist.map((h, k) => `[${k * 0.5}, ${(k + 1) * 0.5}) ${h.toFixed(3)}`).join(', ')}.
- Figure: [docs/images/izhikevich2007.svg](images/izhikevich2007.svg).`;
  return { body, svg: svgPlot(samples) };
}

/** The rewarded weight against the mean and 99th percentile of the others, over model time. */
function svgPlot(samples: Sample[]): string {
  const W = 640;
  const H = 320;
  const m = { l: 50, r: 20, t: 20, b: 40 };
  const tMax = Math.max(1, samples[samples.length - 1]!.minutes);
  const x = (t: number) => m.l + ((W - m.l - m.r) * t) / tMax;
  const y = (w: number) => H - m.b - ((H - m.t - m.b) * w) / W_MAX;
  const path = (f: (s: Sample) => number) => samples.map((s, k) => `${k ? 'L' : 'M'}${x(s.minutes).toFixed(1)},${y(f(s)).toFixed(1)}`).join(' ');
  const ticks = Array.from({ length: 5 }, (_, k) => (tMax * k) / 4);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="white"/>
<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/><line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>
${[0, 1, 2, 3, 4].map((w) => `<text x="${m.l - 8}" y="${y(w) + 4}" text-anchor="end">${w}</text><line x1="${m.l - 4}" y1="${y(w)}" x2="${m.l}" y2="${y(w)}" stroke="black"/>`).join('\n')}
${ticks.map((t) => `<text x="${x(t)}" y="${H - m.b + 16}" text-anchor="middle">${t.toFixed(0)}</text>`).join('\n')}
<text x="${(W + m.l) / 2}" y="${H - 6}" text-anchor="middle">model time (min)</text>
<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">synaptic weight</text>
<path d="${path((s) => s.p99)}" fill="none" stroke="#999" stroke-dasharray="4 3"/>
<path d="${path((s) => s.mean)}" fill="none" stroke="black"/>
<path d="${path((s) => s.rewarded)}" fill="none" stroke="#c00" stroke-width="2"/>
<text x="${W - m.r - 200}" y="${m.t + 14}" fill="#c00">rewarded synapse</text>
<text x="${W - m.r - 200}" y="${m.t + 30}">other synapses: mean</text>
<text x="${W - m.r - 200}" y="${m.t + 46}" fill="#777">other synapses: 99th percentile</text>
</svg>
`;
}

export function writeFigure(svg: string): void {
  mkdirSync(dirname(IZHIKEVICH_FIGURE), { recursive: true });
  writeFileSync(IZHIKEVICH_FIGURE, svg);
}
