/**
 * CUBA against Brian2 over many seeds (Node, on demand; `npm run bench -- cuba-seeds [--sizes 12]`):
 * for each seed, 3 s of model time with the first 0.2 s dropped,
 *  - spikegpu on its own random network (connectivity and initial potentials from Philox, seed s);
 *  - Brian2 on its own random network (connect(p = 0.02), rand(); seed s);
 *  - Brian2 on spikegpu's network (the same synapses and initial potentials, loaded from a file).
 * The first two give each simulator's distribution of the population rate over network realisations;
 * the last two differ only in the dynamics. Writes its table into docs/reference-networks.md.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TrainStats } from '../host/analysis/stats';
import type { GpuContext } from '../host/gpu/context';
import { cuba } from '../host/model/examples';
import { classicNetwork, populationStats } from '../kernels-tests/cases/classic';
import { runBrian2Outside } from '../kernels-tests/harness/brian2';
import { writeCubaNetworkFile } from '../kernels-tests/harness/network-file';
import { PYTHON } from '../kernels-tests/harness/references';
import { markdownTable } from './format';

export const CUBA_SEEDS_DOC = resolve(import.meta.dirname, '../docs/reference-networks.md');

const mean = (x: number[]): number => x.reduce((a, v) => a + v, 0) / x.length;
const sd = (x: number[]): number => Math.sqrt(x.reduce((a, v) => a + (v - mean(x)) ** 2, 0) / (x.length - 1));

/** Welch's t statistic of the difference of two means. */
function welch(a: number[], b: number[]): number {
  return (mean(a) - mean(b)) / Math.sqrt(sd(a) ** 2 / a.length + sd(b) ** 2 / b.length);
}

export async function benchCubaSeeds(ctx: GpuContext, seeds: number, log = console.log): Promise<string> {
  if (spawnSync(PYTHON, ['-c', 'import brian2'], { encoding: 'utf8' }).status !== 0) throw new Error(`Brian2 is not importable from ${PYTHON}: install Debian's python3-brian`);
  const args = { network: 'cuba' as const, size: 4000, durationMs: 3000, dt: 0.1, dropMs: 200 };
  const drop = Math.round(args.dropMs / args.dt);
  const rows: (string | number)[][] = [];
  const ours: TrainStats[] = [];
  const own: TrainStats[] = [];
  const same: TrainStats[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const o = (await classicNetwork(ctx, { ...args, seed })).stats.all!;
    const b = runBrian2Outside('cuba', { ...args, seed });
    const bo = populationStats({ exc: b.populations.exc!, inh: b.populations.inh! }, drop).all!;
    const net = writeCubaNetworkFile(cuba({ size: args.size, seed }), { seed, dt: args.dt, label: `cuba-${args.size}-seed${seed}` });
    const bs = runBrian2Outside('cuba', { ...args, seed, networkFile: net.file });
    const bss = populationStats({ exc: bs.populations.exc!, inh: bs.populations.inh! }, drop).all!;
    ours.push(o);
    own.push(bo);
    same.push(bss);
    const f = (s: TrainStats) => `${s.rateHz.toFixed(3)} / ${s.isiCv.toFixed(3)} / ${s.fano.toFixed(3)}`;
    rows.push([seed, f(o), f(bo), f(bss), `${(100 * (o.rateHz / bss.rateHz - 1)).toFixed(2)} %`]);
    log(`seed ${seed}: spikegpu ${f(o)} | Brian2 own network ${f(bo)} | Brian2 on spikegpu's network ${f(bss)}`);
  }
  const rate = (x: TrainStats[]) => x.map((s) => s.rateHz);
  const summary = (x: TrainStats[]) => `${mean(rate(x)).toFixed(3)} ± ${sd(rate(x)).toFixed(3)} Hz (CV ${Math.min(...x.map((s) => s.isiCv)).toFixed(3)}–${Math.max(...x.map((s) => s.isiCv)).toFixed(3)}, Fano ${Math.min(...x.map((s) => s.fano)).toFixed(3)}–${Math.max(...x.map((s) => s.fano)).toFixed(3)})`;
  const table = markdownTable(['seed', 'spikegpu, own network: rate (Hz) / CV / Fano', 'Brian2, own network', 'Brian2 on spikegpu\'s network', 'spikegpu vs Brian2, same network'], rows);
  return `${table}

- Over ${seeds} seeds, rate mean ± sd (ISI CV and Fano ranges): spikegpu ${summary(ours)}; Brian2 on its own networks ${summary(own)};
  Brian2 on spikegpu's networks ${summary(same)}.
- Difference of the means on independent networks: ${(100 * (mean(rate(ours)) / mean(rate(own)) - 1)).toFixed(2)} % (Welch t = ${welch(rate(ours), rate(own)).toFixed(2)}, ${2 * seeds - 2} degrees of freedom at most).
- On the same networks: ${(100 * (mean(rate(ours)) / mean(rate(same)) - 1)).toFixed(2)} % (largest single seed ${(100 * Math.max(...ours.map((s, k) => Math.abs(s.rateHz / same[k]!.rateHz - 1)))).toFixed(2)} %).`;
}
