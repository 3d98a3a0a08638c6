/**
 * Spike-train statistics of a SpikeRecording (one instance): firing rates, ISI coefficient of
 * variation, Fano factor of spike counts and a spike-count synchrony measure. Plain TypeScript,
 * computed on the host from recorded bitmasks.
 */
import { InvalidParameterError } from '../errors.js';
import type { SpikeRecording } from '../sim/recording.js';

/** Spike times (ms) of every neuron of `instance`. */
export function spikeTimes(rec: SpikeRecording, instance = 0): number[][] {
  const out: number[][] = Array.from({ length: rec.size }, () => []);
  const ev = rec.events(instance);
  for (let k = 0; k < ev.steps.length; k++) out[ev.indices[k] as number]!.push((ev.steps[k] as number) * rec.dt);
  return out;
}

/** Firing rate (Hz) of every neuron over the recording. */
export function firingRates(rec: SpikeRecording, instance = 0): Float64Array {
  const seconds = (rec.steps * rec.dt) / 1000;
  return Float64Array.from(rec.countsPerNeuron(instance), (c) => (seconds > 0 ? c / seconds : 0));
}

const mean = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return x.length ? s / x.length : NaN;
};
const variance = (x: ArrayLike<number>, m = mean(x)): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - m) ** 2;
  return x.length ? s / x.length : NaN;
};

/**
 * Mean over neurons (with at least `minSpikes` spikes) of the coefficient of variation of their
 * interspike intervals, std(ISI) / mean(ISI). 1 for a Poisson process, 0 for a clock. NaN if no neuron qualifies.
 */
export function isiCv(rec: SpikeRecording, instance = 0, minSpikes = 3): number {
  const cvs: number[] = [];
  for (const t of spikeTimes(rec, instance)) {
    if (t.length < minSpikes) continue;
    const isi = t.slice(1).map((x, k) => x - (t[k] as number));
    const m = mean(isi);
    cvs.push(Math.sqrt(variance(isi, m)) / m);
  }
  return cvs.length ? mean(cvs) : NaN;
}

function binnedCounts(rec: SpikeRecording, instance: number, binMs: number, object: string): { bins: number; counts: Float64Array[] } {
  if (!(binMs > 0) || !Number.isFinite(binMs)) throw new InvalidParameterError(object, 'binMs', binMs, 'a bin width > 0 (ms)');
  const stepsPerBin = Math.max(1, Math.round(binMs / rec.dt));
  const bins = Math.floor(rec.steps / stepsPerBin);
  if (bins < 2) throw new InvalidParameterError(object, 'binMs', binMs, `a bin width giving at least 2 bins in ${rec.steps * rec.dt} ms`);
  const counts = Array.from({ length: rec.size }, () => new Float64Array(bins));
  for (let t = 0; t < bins * stepsPerBin; t++) {
    const b = Math.floor(t / stepsPerBin);
    for (const i of rec.spikesAt(t, instance)) counts[i]![b]!++;
  }
  return { bins, counts };
}

/** Mean over neurons that spiked of var/mean of their spike counts in bins of `binMs` (1 for Poisson). */
export function fanoFactor(rec: SpikeRecording, instance = 0, binMs = 100): number {
  const { counts } = binnedCounts(rec, instance, binMs, 'fanoFactor');
  const f: number[] = [];
  for (const c of counts) {
    const m = mean(c);
    if (m > 0) f.push(variance(c, m) / m);
  }
  return f.length ? mean(f) : NaN;
}

/**
 * Synchrony chi (Golomb 2007) on binned spike counts: sqrt(Var_t(population mean count) /
 * mean_i Var_t(count_i)). About 1/sqrt(N) for independent neurons, 1 for full synchrony.
 */
export function synchrony(rec: SpikeRecording, instance = 0, binMs = 1): number {
  const { bins, counts } = binnedCounts(rec, instance, binMs, 'synchrony');
  const pop = new Float64Array(bins);
  for (const c of counts) for (let b = 0; b < bins; b++) pop[b]! += (c[b] as number) / counts.length;
  const single = mean(counts.map((c) => variance(c)));
  return single > 0 ? Math.sqrt(variance(pop) / single) : NaN;
}

export interface TrainStats {
  rateHz: number;
  isiCv: number;
  fano: number;
  synchrony: number;
}

/** Rate, ISI CV, Fano factor (100 ms bins) and synchrony (1 ms bins) of one instance. */
export function trainStats(rec: SpikeRecording, instance = 0): TrainStats {
  return { rateHz: rec.meanRateHz(instance), isiCv: isiCv(rec, instance), fano: fanoFactor(rec, instance, 100), synchrony: synchrony(rec, instance, 1) };
}
