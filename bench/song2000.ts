/**
 * Song, Miller & Abbott 2000 (Brian2's STDP example; host/model/examples.ts song2000()), on demand:
 * `npm run bench -- song2000 [--sizes 100000]` (model ms). spikegpu on the current adapter and, where
 * Debian's python3-brian is installed, Brian2 (cython) on the same model in the same run: the final
 * weight histogram (fraction below 0.1 gmax and above 0.9 gmax, mean), the neuron's rate over the
 * first and the last 10 s, and the wall times. Writes its section into docs/plasticity.md.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { GpuContext } from '../host/gpu/context';
import { song2000 } from '../host/model/examples';
import { Simulator } from '../host/sim/simulator';
import { PYTHON } from '../kernels-tests/harness/references';
import { markdownTable } from './format';

export const SONG_DOC = resolve(import.meta.dirname, '../docs/plasticity.md');
const GMAX = 0.01;

interface SongResult { wallS: number; weights: ArrayLike<number>; spikeTimesMs: number[] }

function summary(r: SongResult, durationMs: number): (string | number)[] {
  const w = Array.from(r.weights);
  const frac = (f: (x: number) => boolean) => (w.filter(f).length / w.length).toFixed(3);
  const rate = (from: number, to: number) => (r.spikeTimesMs.filter((t) => t >= from && t < to).length / ((to - from) / 1000)).toFixed(1);
  return [frac((x) => x < 0.1 * GMAX), frac((x) => x > 0.9 * GMAX), (w.reduce((a, x) => a + x, 0) / w.length / GMAX).toFixed(3),
    rate(0, 10_000), rate(durationMs - 10_000, durationMs), r.wallS.toFixed(1)];
}

/** Ten-bin histogram of the final weights, as fractions, for both simulators. */
function histogram(results: [string, SongResult][]): string {
  const rows: (string | number)[][] = [];
  for (let k = 0; k < 10; k++) {
    rows.push([`${(k / 10).toFixed(1)}–${((k + 1) / 10).toFixed(1)}`, ...results.map(([, r]) => {
      const w = Array.from(r.weights);
      return (w.filter((x) => x >= (k / 10) * GMAX && (k === 9 ? x <= GMAX : x < ((k + 1) / 10) * GMAX)).length / w.length).toFixed(3);
    })]);
  }
  return markdownTable(['w / gmax', ...results.map(([n]) => n)], rows);
}

export async function benchSong2000(ctx: GpuContext, durationMs: number, log = console.log): Promise<string> {
  const results: [string, SongResult][] = [];
  const sim = await Simulator.build(ctx, song2000(), { dt: 0.1, seed: 1 });
  const t0 = performance.now();
  const spikeTimesMs: number[] = [];
  for (let done = 0; done < durationMs; done += 10_000) {
    const r = await sim.run({ durationMs: Math.min(10_000, durationMs - done), record: ['neuron'] });
    for (const s of r.spikes.neuron!.events().steps) spikeTimesMs.push(done + s * 0.1);
    log(`spikegpu ${done + 10_000} ms`);
  }
  const ours: SongResult = { wallS: (performance.now() - t0) / 1000, weights: (await sim.weights('input->neuron')).weights, spikeTimesMs };
  sim.destroy();
  results.push(['spikegpu', ours]);
  if (spawnSync(PYTHON, ['-c', 'import brian2'], { encoding: 'utf8' }).status === 0) {
    const p = spawnSync(PYTHON, [resolve(import.meta.dirname, 'peers/brian2_networks.py'), 'song2000', '--duration', String(durationMs), '--dt', '0.1', '--target', 'cython', '--seed', '1'],
      { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
    if (p.status !== 0) throw new Error(`Brian2 failed: ${p.stderr.slice(-2000)}`);
    const d = JSON.parse(p.stdout) as { t_ms: number[]; weights: number[]; wall_s: number };
    results.push(['Brian2 (cython)', { wallS: d.wall_s, weights: d.weights, spikeTimesMs: d.t_ms }]);
  } else {
    log('Brian2 not installed (Debian python3-brian): spikegpu only');
  }
  const table = markdownTable(['simulator', 'w < 0.1 gmax', 'w > 0.9 gmax', 'mean w / gmax', 'rate, first 10 s (Hz)', 'rate, last 10 s (Hz)', 'wall (s)'],
    results.map(([name, r]) => [name, ...summary(r, durationMs)]));
  return `${table}\n\nFinal weights, fraction per tenth of gmax:\n\n${histogram(results)}`;
}
