/**
 * Classic networks (host/model/examples.ts) against Brian2 on the same parameters: rate, ISI CV,
 * Fano factor and synchrony per population. The Brian2 comparison skips, saying why, when
 * python3-brian is absent.
 */
import { trainStats, type TrainStats } from '../host/analysis/stats';
import type { ClassicResult } from './cases/classic';
import { brian2Missing, runBrian2 } from './harness/brian2';
import { expect, test, type GpuRunner } from './harness/fixtures';

const CUBA = { network: 'cuba' as const, size: 4000, durationMs: 1000, dt: 0.1, seed: 1 };
const fmt = (s: TrainStats) => `rate ${s.rateHz.toFixed(2)} Hz, CV ${s.isiCv.toFixed(3)}, Fano ${s.fano.toFixed(3)}, chi ${s.synchrony.toFixed(3)}`;

// One GPU run per worker (runtime) serves both tests.
const ours = new Map<string, Promise<ClassicResult>>();
function cubaOnGpu(gpu: GpuRunner): Promise<ClassicResult> {
  let r = ours.get(gpu.runtime);
  if (!r) {
    r = gpu.run('classicNetwork', CUBA) as Promise<ClassicResult>;
    ours.set(gpu.runtime, r);
  }
  return r;
}

test('CUBA (Brette et al. 2007, 4000 neurons, 1 s) is asynchronous-irregular', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = await cubaOnGpu(gpu);
  for (const [name, s] of Object.entries(r.stats)) {
    console.log(`[${gpu.runtime}] CUBA ${name}: ${fmt(s)} (${r.synapses} synapses, ${(r.wallMs / 1000).toFixed(1)} s wall)`);
    expect(s.rateHz).toBeGreaterThan(2);
    expect(s.rateHz).toBeLessThan(20);
    expect(s.isiCv).toBeGreaterThan(0.3);
    expect(s.synchrony).toBeLessThan(0.1);
  }
  // p = 0.02 of 4000^2 pairs.
  expect(r.synapses).toBeGreaterThan(0.018 * 4000 * 4000);
  expect(r.synapses).toBeLessThan(0.022 * 4000 * 4000);
});

test('CUBA statistics match Brian2 on the same parameters', async ({ gpu }) => {
  test.setTimeout(300_000);
  const missing = brian2Missing();
  if (missing) console.log(`[${gpu.runtime}] Brian2 comparison skipped: ${missing}`);
  test.skip(missing !== null, missing ?? '');
  const r = await cubaOnGpu(gpu);
  const brian = runBrian2('cuba', CUBA);
  for (const name of ['exc', 'inh']) {
    const o = r.stats[name]!;
    const b = trainStats(brian.populations[name]!);
    console.log(`[${gpu.runtime}] CUBA ${name}: spikegpu ${fmt(o)} | Brian2 ${fmt(b)}`);
    expect(Math.abs(o.rateHz - b.rateHz) / b.rateHz, `${name} rate`).toBeLessThan(0.25);
    expect(Math.abs(o.isiCv - b.isiCv), `${name} ISI CV`).toBeLessThan(0.15);
    expect(Math.abs(o.fano - b.fano), `${name} Fano`).toBeLessThan(0.3);
    expect(Math.abs(o.synchrony - b.synchrony), `${name} synchrony`).toBeLessThan(0.05);
  }
});

/**
 * Where Brian2 is installed, runs `network` there and compares each population's statistics with
 * spikegpu's: relative rate, absolute ISI CV and synchrony, Fano relative or absolute.
 */
function compareWithBrian2(gpu: GpuRunner, label: string, network: 'coba' | 'izhikevich', args: Parameters<typeof runBrian2>[1], r: ClassicResult,
  tol: { rate: number; cv: number; chi: number; fanoRel?: number; fanoAbs?: number }): void {
  const missing = brian2Missing();
  if (missing) {
    console.log(`[${gpu.runtime}] Brian2 comparison skipped: ${missing}`);
    return;
  }
  const brian = runBrian2(network, args);
  for (const name of ['exc', 'inh']) {
    const b = trainStats(brian.populations[name]!);
    const o = r.stats[name]!;
    console.log(`[${gpu.runtime}] ${label} ${name}: Brian2 ${fmt(b)}`);
    expect(Math.abs(o.rateHz - b.rateHz) / b.rateHz, `${name} rate vs Brian2`).toBeLessThan(tol.rate);
    expect(Math.abs(o.isiCv - b.isiCv), `${name} ISI CV vs Brian2`).toBeLessThan(tol.cv);
    if (tol.fanoRel !== undefined) expect(Math.abs(o.fano - b.fano) / b.fano, `${name} Fano vs Brian2`).toBeLessThan(tol.fanoRel);
    if (tol.fanoAbs !== undefined) expect(Math.abs(o.fano - b.fano), `${name} Fano vs Brian2`).toBeLessThan(tol.fanoAbs);
    expect(Math.abs(o.synchrony - b.synchrony), `${name} synchrony vs Brian2`).toBeLessThan(tol.chi);
  }
}

// COBA: self-sustained after a 50 ms Poisson stimulation (host/model/examples.ts).
const COBA = { network: 'coba' as const, size: 4000, durationMs: 1000, dt: 0.1, seed: 1 };
test('COBA (Brette et al. 2007 benchmark 1, 4000 lifCond neurons, 1 s) sustains asynchronous-irregular activity, as in Brian2 where installed', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = (await gpu.run('classicNetwork', COBA)) as ClassicResult;
  for (const [name, s] of Object.entries(r.stats)) {
    console.log(`[${gpu.runtime}] COBA ${name}: ${fmt(s)} (${r.synapses} synapses, ${(r.wallMs / 1000).toFixed(1)} s wall)`);
    expect(s.rateHz).toBeGreaterThan(5);
    expect(s.rateHz).toBeLessThan(60);
    expect(s.isiCv).toBeGreaterThan(0.5);
    expect(s.synchrony).toBeLessThan(0.2);
  }
  compareWithBrian2(gpu, 'COBA', 'coba', COBA, r, { rate: 0.25, cv: 0.3, fanoRel: 0.5, chi: 0.05 });
});

// Izhikevich 2003's network (net.m) at dt = 1 ms.
const IZH = { network: 'izhikevich' as const, size: 1000, durationMs: 1000, dt: 1, seed: 1 };
test('Izhikevich 2003 network (800 RS + 200 FS, all-to-all, thalamic noise, 1 s) fires as in Brian2 where installed', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = (await gpu.run('classicNetwork', IZH)) as ClassicResult;
  expect(r.synapses).toBe(1000 * 1000);
  for (const [name, s] of Object.entries(r.stats)) {
    console.log(`[${gpu.runtime}] Izhikevich 2003 ${name}: ${fmt(s)} (${(r.wallMs / 1000).toFixed(2)} s wall)`);
    expect(s.rateHz).toBeGreaterThan(2);
    expect(s.rateHz).toBeLessThan(30);
  }
  compareWithBrian2(gpu, 'Izhikevich 2003', 'izhikevich', IZH, r, { rate: 0.25, cv: 0.2, fanoAbs: 0.3, chi: 0.1 });
});

// Brunel 2000 scaled to N_E = 2000 (J C_E = 100 mV kept), 500 ms: the synchronous-regular (g = 3) and
// asynchronous-irregular (g = 5) regimes at eta = 2.
const REGIMES = [
  { name: 'synchronous regular', g: 3, eta: 2, check: (s: TrainStats) => { expect(s.isiCv).toBeLessThan(0.3); expect(s.synchrony).toBeGreaterThan(0.3); expect(s.rateHz).toBeGreaterThan(100); } },
  { name: 'asynchronous irregular', g: 5, eta: 2, check: (s: TrainStats) => { expect(s.isiCv).toBeGreaterThan(0.7); expect(s.synchrony).toBeLessThan(0.25); expect(s.rateHz).toBeLessThan(100); } },
];
for (const regime of REGIMES) {
  // Connection probability epsilon on both sides (Brian2's connect(p=...)); the builder's default is the paper's fixed in-degree.
  const args = { network: 'brunel' as const, size: 2500, durationMs: 500, dt: 0.1, seed: 1, g: regime.g, eta: regime.eta, connectivity: 'fixedProbability' as const };
  test(`Brunel 2000 (N = 2500, g = ${regime.g}, eta = ${regime.eta}) is ${regime.name}, as in Brian2 where installed`, async ({ gpu }) => {
    test.setTimeout(300_000);
    const r = (await gpu.run('classicNetwork', args)) as ClassicResult;
    for (const [name, s] of Object.entries(r.stats)) {
      console.log(`[${gpu.runtime}] Brunel g=${regime.g} ${name}: ${fmt(s)} (${(r.wallMs / 1000).toFixed(1)} s wall)`);
      regime.check(s);
    }
    const missing = brian2Missing();
    if (missing) {
      console.log(`[${gpu.runtime}] Brian2 comparison skipped: ${missing}`);
      return;
    }
    const brian = runBrian2('brunel', args);
    for (const name of ['exc', 'inh']) {
      const b = trainStats(brian.populations[name]!);
      const o = r.stats[name]!;
      console.log(`[${gpu.runtime}] Brunel g=${regime.g} ${name}: Brian2 ${fmt(b)}`);
      regime.check(b);
      expect(Math.abs(o.rateHz - b.rateHz) / b.rateHz, `${name} rate vs Brian2`).toBeLessThan(0.3);
      expect(Math.abs(o.isiCv - b.isiCv), `${name} ISI CV vs Brian2`).toBeLessThan(0.25);
    }
  });
}
