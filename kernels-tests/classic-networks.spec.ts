/**
 * Classic networks (host/model/examples.ts) on the GPU, and against Brian2 on the same parameters:
 * rate, ISI CV, Fano factor and synchrony per population. Each Brian2 comparison is its own test that
 * calls useReference('brian2'): without Brian2 it is a counted, named skip (or a failure where Brian2
 * was expected), never a pass. One GPU run per (network, runtime) serves both tests. A science check, in
 * Node only (playwright.config.ts: 4.6 min on SwiftShader); the kernels it runs are held to their
 * oracle in both runtimes by the kernel specs.
 */
import { trainStats, type TrainStats } from '../host/analysis/stats';
import { cuba } from '../host/model/examples';
import type { ClassicArgs, ClassicResult } from './cases/classic';
import { populationStats } from './cases/classic';
import { runBrian2 } from './harness/brian2';
import { expect, test, type GpuRunner } from './harness/fixtures';
import { writeCubaNetworkFile } from './harness/network-file';
import { useReference } from './harness/references';

const fmt = (s: TrainStats) => `rate ${s.rateHz.toFixed(2)} Hz, CV ${s.isiCv.toFixed(3)}, Fano ${s.fano.toFixed(3)}, chi ${s.synchrony.toFixed(3)}`;

const runs = new Map<string, Promise<ClassicResult>>();
function onGpu(gpu: GpuRunner, args: ClassicArgs): Promise<ClassicResult> {
  const key = `${gpu.runtime} ${JSON.stringify(args)}`;
  let r = runs.get(key);
  if (!r) {
    r = gpu.run('classicNetwork', args) as Promise<ClassicResult>;
    runs.set(key, r);
  }
  return r;
}

/** Compares each population's statistics with Brian2's: relative rate, absolute ISI CV and synchrony, Fano relative or absolute. */
function expectLikeBrian2(gpu: GpuRunner, label: string, ours: ClassicResult, brian: Record<string, TrainStats>,
  tol: { rate: number; cv: number; chi?: number; fanoRel?: number; fanoAbs?: number }): void {
  for (const name of ['exc', 'inh']) {
    const b = brian[name]!;
    const o = ours.stats[name]!;
    console.log(`[${gpu.runtime}] ${label} ${name}: spikegpu ${fmt(o)} | Brian2 ${fmt(b)}`);
    expect(Math.abs(o.rateHz - b.rateHz) / b.rateHz, `${name} rate vs Brian2`).toBeLessThan(tol.rate);
    expect(Math.abs(o.isiCv - b.isiCv), `${name} ISI CV vs Brian2`).toBeLessThan(tol.cv);
    if (tol.fanoRel !== undefined) expect(Math.abs(o.fano - b.fano) / b.fano, `${name} Fano vs Brian2`).toBeLessThan(tol.fanoRel);
    if (tol.fanoAbs !== undefined) expect(Math.abs(o.fano - b.fano), `${name} Fano vs Brian2`).toBeLessThan(tol.fanoAbs);
    if (tol.chi !== undefined) expect(Math.abs(o.synchrony - b.synchrony), `${name} synchrony vs Brian2`).toBeLessThan(tol.chi);
  }
}

const brianStats = (network: 'cuba' | 'coba' | 'brunel' | 'izhikevich', args: ClassicArgs): Record<string, TrainStats> =>
  Object.fromEntries(Object.entries(runBrian2(network, args).populations).map(([n, r]) => [n, trainStats(r)]));

// ---------------------------------------------------------------------------------------------
// CUBA (Brette et al. 2007 benchmark 2, Brian2's CUBA example parameters).
const CUBA: ClassicArgs = { network: 'cuba', size: 4000, durationMs: 1000, dt: 0.1, seed: 1 };

test('CUBA (Brette et al. 2007, 4000 neurons, 1 s) is asynchronous-irregular', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = await onGpu(gpu, CUBA);
  for (const [name, s] of Object.entries(r.stats)) {
    console.log(`[${gpu.runtime}] CUBA ${name}: ${fmt(s)} (${r.synapses} synapses, ${(r.wallMs / 1000).toFixed(1)} s wall)`);
    expect(s.rateHz).toBeGreaterThan(2);
    expect(s.rateHz).toBeLessThan(20);
    expect(s.isiCv).toBeGreaterThan(0.3);
    expect(s.synchrony).toBeLessThan(0.1);
  }
  // p = 0.02 of 4000^2 pairs: 320 000 expected, sd 560 (binomial); 6 sd either side.
  expect(Math.abs(r.synapses - 320_000)).toBeLessThan(6 * Math.sqrt(320_000 * 0.98));
});

// With its own connectivity (connect(p=0.02)) and initial potentials, Brian2's population rate varies
// from seed to seed by 4.7 % (sd over 12 seeds, docs/reference-networks.md): the tolerances here are
// about 5 sd of a single-seed difference.
test('CUBA statistics match Brian2 on the same parameters, each with its own random network', async ({ gpu }) => {
  test.setTimeout(300_000);
  useReference('brian2');
  const r = await onGpu(gpu, CUBA);
  expectLikeBrian2(gpu, 'CUBA', r, brianStats('cuba', CUBA), { rate: 0.25, cv: 0.15, fanoAbs: 0.3, chi: 0.05 });
});

// The same network in both: spikegpu's synapses and initial potentials written to a file that Brian2
// loads (Synapses.connect(i=..., j=...)), so the realisation's own rate (above) cancels and what is
// compared is the dynamics: integration, input timing, refractoriness, threshold and reset. Single
// seeds still differ by up to 3 % (over 12 seeds, docs/reference-networks.md: the two runs drift apart
// microscopically, f32 against f64, and the network's rate wanders over seconds); the mean over three
// seeds is held to 2 %.
const CUBA_SEEDS = [1, 2, 3];
const CUBA_LONG = { network: 'cuba' as const, size: 4000, durationMs: 3000, dt: 0.1, dropMs: 200 };
test(`CUBA on identical networks (seeds ${CUBA_SEEDS.join(', ')}, 3 s, first 0.2 s dropped): mean rate over all neurons within 2 % of Brian2's, ISI CV and Fano within Brian2's seed range`, async ({ gpu }) => {
  test.setTimeout(900_000);
  useReference('brian2');
  const ours: TrainStats[] = [];
  const theirs: TrainStats[] = [];
  for (const seed of CUBA_SEEDS) {
    const args = { ...CUBA_LONG, seed };
    const net = writeCubaNetworkFile(cuba({ size: args.size, seed }), { seed, dt: args.dt, label: `cuba-${args.size}-seed${seed}` });
    const r = await onGpu(gpu, args);
    expect(r.synapses, 'the GPU generated the synapses written to the file').toBe(net.synapses);
    const b = runBrian2('cuba', { ...args, networkFile: net.file });
    const bs = populationStats({ exc: b.populations.exc!, inh: b.populations.inh! }, Math.round(args.dropMs / args.dt));
    ours.push(r.stats.all!);
    theirs.push(bs.all!);
    for (const name of ['exc', 'inh', 'all']) console.log(`[${gpu.runtime}] CUBA seed ${seed} ${name}: spikegpu ${fmt(r.stats[name]!)} | Brian2 ${fmt(bs[name]!)}`);
  }
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const rateO = mean(ours.map((s) => s.rateHz));
  const rateB = mean(theirs.map((s) => s.rateHz));
  const range = (k: 'isiCv' | 'fano') => [Math.min(...theirs.map((s) => s[k])), Math.max(...theirs.map((s) => s[k]))] as const;
  console.log(`[${gpu.runtime}] CUBA mean over seeds: spikegpu ${rateO.toFixed(3)} Hz, Brian2 ${rateB.toFixed(3)} Hz (${(100 * (rateO / rateB - 1)).toFixed(2)} %); ` +
    `CV ${ours.map((s) => s.isiCv.toFixed(3)).join('/')} in Brian2's [${range('isiCv').map((x) => x.toFixed(3)).join(', ')}]; ` +
    `Fano ${ours.map((s) => s.fano.toFixed(3)).join('/')} in [${range('fano').map((x) => x.toFixed(3)).join(', ')}]`);
  expect(Math.abs(rateO / rateB - 1), 'mean rate over all neurons and seeds vs Brian2').toBeLessThan(0.02);
  const cvO = mean(ours.map((s) => s.isiCv));
  const fanoO = mean(ours.map((s) => s.fano));
  expect(cvO, 'mean ISI CV within Brian2\'s seed range').toBeGreaterThanOrEqual(range('isiCv')[0]);
  expect(cvO, 'mean ISI CV within Brian2\'s seed range').toBeLessThanOrEqual(range('isiCv')[1]);
  expect(fanoO, 'mean Fano within Brian2\'s seed range').toBeGreaterThanOrEqual(range('fano')[0]);
  expect(fanoO, 'mean Fano within Brian2\'s seed range').toBeLessThanOrEqual(range('fano')[1]);
});

// ---------------------------------------------------------------------------------------------
// COBA: self-sustained after a 50 ms Poisson stimulation (host/model/examples.ts).
const COBA: ClassicArgs = { network: 'coba', size: 4000, durationMs: 1000, dt: 0.1, seed: 1 };
test('COBA (Brette et al. 2007 benchmark 1, 4000 lifCond neurons, 1 s) sustains asynchronous-irregular activity', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = await onGpu(gpu, COBA);
  for (const [name, s] of Object.entries(r.stats)) {
    console.log(`[${gpu.runtime}] COBA ${name}: ${fmt(s)} (${r.synapses} synapses, ${(r.wallMs / 1000).toFixed(1)} s wall)`);
    expect(s.rateHz).toBeGreaterThan(5);
    expect(s.rateHz).toBeLessThan(60);
    expect(s.isiCv).toBeGreaterThan(0.5);
    expect(s.synchrony).toBeLessThan(0.2);
  }
});
test('COBA statistics match Brian2 on the same parameters', async ({ gpu }) => {
  test.setTimeout(300_000);
  useReference('brian2');
  expectLikeBrian2(gpu, 'COBA', await onGpu(gpu, COBA), brianStats('coba', COBA), { rate: 0.25, cv: 0.3, fanoRel: 0.5, chi: 0.05 });
});

// Izhikevich 2003's network (net.m) at dt = 1 ms.
const IZH: ClassicArgs = { network: 'izhikevich', size: 1000, durationMs: 1000, dt: 1, seed: 1 };
test('Izhikevich 2003 network (800 RS + 200 FS, all-to-all, thalamic noise, 1 s) fires at cortical rates', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = await onGpu(gpu, IZH);
  expect(r.synapses).toBe(1000 * 1000);
  for (const [name, s] of Object.entries(r.stats)) {
    console.log(`[${gpu.runtime}] Izhikevich 2003 ${name}: ${fmt(s)} (${(r.wallMs / 1000).toFixed(2)} s wall)`);
    expect(s.rateHz).toBeGreaterThan(2);
    expect(s.rateHz).toBeLessThan(30);
  }
});
test('Izhikevich 2003 network statistics match Brian2 on the same parameters', async ({ gpu }) => {
  test.setTimeout(300_000);
  useReference('brian2');
  expectLikeBrian2(gpu, 'Izhikevich 2003', await onGpu(gpu, IZH), brianStats('izhikevich', IZH), { rate: 0.25, cv: 0.2, fanoAbs: 0.3, chi: 0.1 });
});

// Brunel 2000 scaled to N_E = 2000 (J C_E = 100 mV kept), 500 ms: the synchronous-regular (g = 3) and
// asynchronous-irregular (g = 5) regimes at eta = 2.
const REGIMES = [
  { name: 'synchronous regular', g: 3, eta: 2, check: (s: TrainStats) => { expect(s.isiCv).toBeLessThan(0.3); expect(s.synchrony).toBeGreaterThan(0.3); expect(s.rateHz).toBeGreaterThan(100); } },
  { name: 'asynchronous irregular', g: 5, eta: 2, check: (s: TrainStats) => { expect(s.isiCv).toBeGreaterThan(0.7); expect(s.synchrony).toBeLessThan(0.25); expect(s.rateHz).toBeLessThan(100); } },
];
for (const regime of REGIMES) {
  // Connection probability epsilon on both sides (Brian2's connect(p=...)); the builder's default is the paper's fixed in-degree.
  const args: ClassicArgs = { network: 'brunel', size: 2500, durationMs: 500, dt: 0.1, seed: 1, g: regime.g, eta: regime.eta, connectivity: 'fixedProbability' };
  test(`Brunel 2000 (N = 2500, g = ${regime.g}, eta = ${regime.eta}) is ${regime.name}`, async ({ gpu }) => {
    test.setTimeout(300_000);
    const r = await onGpu(gpu, args);
    for (const name of ['exc', 'inh']) {
      const s = r.stats[name]!;
      console.log(`[${gpu.runtime}] Brunel g=${regime.g} ${name}: ${fmt(s)} (${(r.wallMs / 1000).toFixed(1)} s wall)`);
      regime.check(s);
    }
  });
  test(`Brunel 2000 (N = 2500, g = ${regime.g}, eta = ${regime.eta}) is ${regime.name} in Brian2 too, with matching rate and ISI CV`, async ({ gpu }) => {
    test.setTimeout(300_000);
    useReference('brian2');
    const r = await onGpu(gpu, args);
    const brian = brianStats('brunel', args);
    for (const name of ['exc', 'inh']) regime.check(brian[name]!);
    expectLikeBrian2(gpu, `Brunel g=${regime.g}`, r, brian, { rate: 0.3, cv: 0.25 });
  });
}
