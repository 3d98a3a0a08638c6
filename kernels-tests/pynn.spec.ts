/**
 * PyNN export against the peers: CUBA and Brunel (asynchronous-irregular) written as PyNN scripts by
 * pynnScript, run through PyNN on its Brian2 backend (Debian's python3-pynn), and compared with
 * spikegpu's own runs of the same model over several seeds: each population's rate and ISI CV must lie
 * within spikegpu's seed-to-seed spread over 12 seeds (mean +- 3 sd, sd floored at 2 % of the mean for the rate and
 * 0.02 for the CV). Node only (playwright.config.ts); without PyNN a counted, named skip.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainStats, type TrainStats } from '../host/analysis/stats';
import { decodeNpy } from '../host/io/npy-read';
import { pynnScript } from '../host/pynn/export';
import { SpikeRecording } from '../host/sim/recording';
import { classicModel, type ClassicArgs, type ClassicResult } from './cases/classic';
import { expect, test } from './harness/fixtures';
import { runPython, useReference } from './harness/references';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

function recordingOf(file: string, size: number, durationMs: number, dt: number): SpikeRecording {
  const a = decodeNpy(new Uint8Array(readFileSync(file)), file);
  const steps = Math.round(durationMs / dt);
  const words = Math.ceil(size / 32);
  const bits = new Uint32Array(steps * words);
  for (let k = 0; k < a.shape[0]!; k++) {
    const t = Math.min(steps - 1, Math.round(a.data[2 * k]! / dt));
    const i = a.data[2 * k + 1]!;
    bits[t * words + (i >>> 5)]! |= 1 << (i & 31);
  }
  return new SpikeRecording(bits, steps, 1, size, dt);
}

const meanSd = (x: number[]): [number, number] => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return [m, Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1))];
};

for (const c of [
  // Sized so PyNN's Brian2 backend (runtime mode, numpy) takes about a minute each on two cores: it
  // connects one post-synaptic neuron at a time, re-sorting every synapse made so far each time, so its
  // build grows as N^3 at a fixed in-degree (CUBA at 4000 neurons: 205 s to connect, 15 s to run). Half
  // Brian2's CUBA at the same in-degree (p = 0.04: 64 excitatory and 16 inhibitory inputs per neuron, as
  // at 4000 and 0.02) is the same translation (neurons, weights, receptor types, delays, the connector
  // and the initial potentials) in 63 s.
  { label: 'CUBA (2000 neurons, p = 0.04, 500 ms)', args: { network: 'cuba', size: 2000, p: 0.04, durationMs: 500, dt: 0.1, seed: 1 } as ClassicArgs },
  { label: 'Brunel 2000 AI (N = 1250, g = 5, eta = 2, 300 ms)', args: { network: 'brunel', size: 1250, durationMs: 300, dt: 0.1, seed: 1, g: 5, eta: 2, connectivity: 'fixedProbability' } as ClassicArgs },
]) {
  test(`${c.label} exported as a PyNN script runs on PyNN's Brian2 backend with spikegpu's rates and ISI CVs (within the seed-to-seed spread)`, async ({ gpu }) => {
    useReference('pynn');
    useReference('brian2');
    test.setTimeout(1_200_000);
    const ours: Record<string, TrainStats>[] = [];
    for (const seed of SEEDS) ours.push(((await gpu.run('classicNetwork', { ...c.args, seed })) as ClassicResult).stats);
    const dir = mkdtempSync(join(tmpdir(), 'pynn-'));
    const model = classicModel(c.args);
    const r = pynnScript(model, { dt: c.args.dt, seed: c.args.seed, durationMs: c.args.durationMs });
    expect(r.warnings).toEqual([]);
    writeFileSync(join(dir, 'net.py'), r.script);
    if (r.data) writeFileSync(join(dir, r.dataFile), r.data);
    const t0 = Date.now();
    const p = runPython('pynn', [join(dir, 'net.py'), 'brian2', '--duration', String(c.args.durationMs), '--out', join(dir, 'out')]);
    expect(p.status, p.stderr.slice(-2000)).toBe(0);
    for (const name of ['exc', 'inh']) {
      const size = model.populations.find((q) => q.name === name)!.size;
      const s = trainStats(recordingOf(join(dir, 'out', `${name}_spikes.npy`), size, c.args.durationMs, c.args.dt));
      const [rate, rateSd] = meanSd(ours.map((o) => o[name]!.rateHz));
      const [cv, cvSd] = meanSd(ours.map((o) => o[name]!.isiCv));
      console.log(`[${gpu.runtime}] ${c.label} ${name}: PyNN/Brian2 rate ${s.rateHz.toFixed(2)} Hz, CV ${s.isiCv.toFixed(3)} | spikegpu over seeds ${SEEDS.join(',')}: rate ${rate.toFixed(2)} +- ${rateSd.toFixed(2)} Hz, CV ${cv.toFixed(3)} +- ${cvSd.toFixed(3)} (PyNN ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      expect(s.rateHz, `${name} rate`).toBeGreaterThan(0.5);
      expect(Math.abs(s.rateHz - rate), `${name} rate: PyNN ${s.rateHz} vs spikegpu ${rate} +- ${rateSd}`).toBeLessThanOrEqual(3 * Math.max(rateSd, 0.02 * rate));
      expect(Math.abs(s.isiCv - cv), `${name} ISI CV: PyNN ${s.isiCv} vs spikegpu ${cv} +- ${cvSd}`).toBeLessThanOrEqual(3 * Math.max(cvSd, 0.02));
    }
  });
}
