/**
 * The Potjans-Diesmann microcircuit (host/model/microcircuit.ts), on demand:
 * `npm run bench -- microcircuit [--sizes scale,modelMs]` (default 1,1000). Builds the model at
 * `scale` (projections split to fit this device's storage bindings), runs `modelMs` of model time
 * recording every population, and reports per population the rate and ISI CV after the first 200 ms
 * against NEST's full-scale rates and Romaro et al.'s CVs, with build time, wall time per model
 * second, synaptic events per second and the planned GPU memory. Writes docs/reference-networks.md.
 */
import { resolve } from 'node:path';
import type { GpuContext } from '../host/gpu/context';
import {
  MICROCIRCUIT_BOS2016_RATES, MICROCIRCUIT_POPULATIONS, MICROCIRCUIT_REFERENCE_CV, MICROCIRCUIT_REFERENCE_RATES, potjansDiesmann,
} from '../host/model/microcircuit';
import { Simulator } from '../host/sim/simulator';
import { markdownTable, si } from './format';
import { randomWords } from '../host/random/philox';

export const MICROCIRCUIT_DOC = resolve(import.meta.dirname, '../docs/reference-networks.md');
const DROP_MS = 200;
const DT = 0.1;

export interface MicrocircuitBench {
  table: string;
  summary: string;
  /** Per population: [rate Hz, ISI CV]. */
  stats: Record<string, [number, number]>;
  realtimeFactor: number;
}

/** Synapses per projection so that a projection's rows (about 4.5 bytes per synapse with padding) fit one binding. */
export function splitFor(ctx: GpuContext): number {
  return Math.floor(ctx.limits.maxStorageBufferBindingSize / 5);
}

/** Mean ISI CV over trains with >= 3 spikes (the estimator of the table). */
function meanCv(trains: readonly number[][]): { cv: number; counted: number } {
  const cvs = trains.filter((t) => t.length >= 3).map((t) => {
    const isi = t.slice(1).map((x, j) => x - t[j]!);
    const m = isi.reduce((a, x) => a + x, 0) / isi.length;
    return Math.sqrt(isi.reduce((a, x) => a + (x - m) ** 2, 0) / isi.length) / m;
  });
  return { cv: cvs.length ? cvs.reduce((a, x) => a + x, 0) / cvs.length : NaN, counted: cvs.length };
}

/**
 * The same estimator on 4000 Poisson trains (CV 1, with the 2 ms refractory period) of `rateHz`
 * over a window of `windowMs`: how far a window this short pulls the CV of a fully irregular train down.
 */
export function poissonWindowCv(rateHz: number, windowMs: number, seed = 1): number {
  const trains: number[][] = [];
  for (let n = 0; n < 4000; n++) {
    const t: number[] = [];
    // Start in the stationary state: the first spike after an exponential wait.
    let x = 0;
    for (let k = 0; ; k++) {
      const u = ((randomWords(seed, 0xc7, n, k)[0] >>> 8) + 1) * 2 ** -24;
      x += (-Math.log(u) / rateHz) * 1000 + (k > 0 ? 2 : 0);
      if (x >= windowMs) break;
      t.push(x);
    }
    trains.push(t);
  }
  return meanCv(trains).cv;
}

export async function benchMicrocircuit(ctx: GpuContext, scale: number, modelMs: number, log = console.log): Promise<MicrocircuitBench> {
  const model = potjansDiesmann({ scale, dt: DT, maxSynapsesPerProjection: splitFor(ctx) });
  const neurons = model.populations.reduce((a, p) => a + p.size, 0);
  log(`microcircuit scale ${scale}: ${neurons} neurons, ${model.projections.length} projections; building`);
  const t0 = performance.now();
  const sim = await Simulator.build(ctx, model, { dt: DT, seed: 1 });
  const buildS = (performance.now() - t0) / 1000;
  const memoryBytes = sim.memory.reduce((a, m) => a + m.bytes, 0);
  const synapses = Object.values(sim.synapseCounts).reduce((a, c) => a + c, 0);
  log(`built in ${buildS.toFixed(1)} s: ${synapses} synapses, ${(memoryBytes / 2 ** 30).toFixed(2)} GiB planned; running ${modelMs} ms`);
  const spikes = Object.fromEntries(MICROCIRCUIT_POPULATIONS.map((p) => [p, [] as number[][]]));
  const chunk = 250;
  let wallS = 0;
  for (let done = 0; done < modelMs; done += chunk) {
    const t1 = performance.now();
    const r = await sim.run({ durationMs: Math.min(chunk, modelMs - done), record: [...MICROCIRCUIT_POPULATIONS] });
    wallS += (performance.now() - t1) / 1000;
    for (const p of MICROCIRCUIT_POPULATIONS) {
      const rec = r.spikes[p]!;
      const ev = rec.events();
      const lists = spikes[p]!;
      for (let k = 0; k < ev.steps.length; k++) {
        const t = done + ev.steps[k]! * DT;
        (lists[ev.indices[k]!] ??= []).push(t);
      }
    }
    log(`  ${done + chunk} ms (${wallS.toFixed(1)} s wall)`);
  }
  const counted = await sim.readCounters();
  const synops = Object.values(counted.projections).reduce((a, c) => a + c.synops, 0);
  sim.destroy();
  const windowS = (modelMs - DROP_MS) / 1000;
  const stats: Record<string, [number, number]> = {};
  const rows = model.populations.map((p, k) => {
    const trains = Array.from({ length: p.size }, (_, i) => (spikes[p.name]![i] ?? []).filter((t) => t >= DROP_MS));
    const rate = trains.reduce((a, t) => a + t.length, 0) / p.size / windowS;
    const { cv, counted } = meanCv(trains);
    stats[p.name] = [rate, cv];
    const ref = MICROCIRCUIT_REFERENCE_RATES[k]!;
    const bos = MICROCIRCUIT_BOS2016_RATES[k]!;
    return [p.name, p.size, rate.toFixed(3), ref, bos, `${(100 * (rate - ref) / ref).toFixed(1)} %`, cv.toFixed(3), poissonWindowCv(rate, modelMs - DROP_MS).toFixed(3), MICROCIRCUIT_REFERENCE_CV[k]!, counted];
  });
  const table = markdownTable(['population', 'neurons', 'rate (Hz)', 'NEST example (Hz)', 'Bos et al. 2016 (Hz)', 'vs NEST example', 'ISI CV', 'Poisson train, same window', 'Romaro et al. CV (60 s)', 'neurons with >= 3 spikes'], rows);
  const realtimeFactor = wallS / (modelMs / 1000);
  const summary = markdownTable(['scale', 'neurons', 'synapses', 'projections', 'build s', 'model ms', 'wall s per model s', 'synaptic events/s', 'GPU memory (planned)'],
    [[scale, neurons, synapses, model.projections.length, buildS.toFixed(1), modelMs, realtimeFactor.toFixed(2), si(synops / wallS), `${(memoryBytes / 2 ** 30).toFixed(2)} GiB`]]);
  return { table, summary, stats, realtimeFactor };
}
