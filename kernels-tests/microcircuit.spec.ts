/**
 * The Potjans & Diesmann (2014) microcircuit at reduced scale with the full in-degrees
 * (host/model/microcircuit.ts), in Node only (the chromium project skips this file:
 * playwright.config.ts): it builds 3e7, 3e6 and 7.5e7 synapses on the host and runs 10 000 steps each,
 * a science check of kernels whose bit-exactness both runtimes test.
 *
 * 1. Against Brian2 on the very same network instance at scale 0.1 (kernels-tests/harness/microcircuit-file.ts ->
 *    bench/peers/brian2_microcircuit.py --network-dir): at this scale a population's rate over 700 ms
 *    depends strongly on the Poisson background's realisation (Brian2 on one network: L2/3E 1.4-2.9 Hz
 *    over nine noise seeds), so spikegpu's run must lie within the spread of five Brian2 runs.
 *    The same with inDegreeScale 0.1 (NEST's K_scaling with its DC compensation), where Brian2 adds
 *    the Poisson inputs and DC currents from NEST's formulas itself.
 * 2. Against the full-scale rates of NEST (its PyNEST example and Bos et al. 2016), all eight
 *    populations, at scale 0.25. Down-scaling with the in-degrees kept raises the recurrently driven
 *    L2/3 and L5E rates (in Brian2 as here): at scale 0.1 L2/3E fires twice NEST's rate, at 0.25 it is
 *    within 10 % (docs/reference-networks.md has the scaling curve: 0.1, 0.25, 0.5, 1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { expect, test, type GpuRunner } from './harness/fixtures';
import { MICROCIRCUIT_BOS2016_RATES, MICROCIRCUIT_POPULATIONS, MICROCIRCUIT_REFERENCE_RATES, potjansDiesmann } from '../host/model/microcircuit';
import type { MicrocircuitArgs, MicrocircuitResult } from './cases/microcircuit';
import { runPython, runPythonCached, useReference } from './harness/references';
import { writeMicrocircuitFiles } from './harness/microcircuit-file';

const ARGS: MicrocircuitArgs = { scale: 0.1, durationMs: 1000, dropMs: 300 };
/** Against NEST's full-scale rates: a quarter of the neurons, the full in-degrees (7.5e7 synapses). */
const NEST_ARGS: MicrocircuitArgs = { scale: 0.25, durationMs: 1000, dropMs: 200 };
/** NEST's K_scaling at 0.1 on top: 3e6 synapses. */
const K_ARGS: MicrocircuitArgs = { scale: 0.1, inDegreeScale: 0.1, durationMs: 1000, dropMs: 300 };
const BRIAN_SEEDS = [1, 2, 3, 4, 5];

let gpuRun: Promise<MicrocircuitResult> | null = null;
const onGpu = (gpu: GpuRunner) => (gpuRun ??= gpu.run('microcircuitRates', ARGS) as Promise<MicrocircuitResult>);

const meanSd = (x: number[]) => {
  const m = x.reduce((a, v) => a + v, 0) / x.length;
  return [m, Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1))] as const;
};

test('microcircuit synapse: a PSC starts on the same step as in Brian2 at the same nominal delay, and peaks at the same 0.15 mV', async ({ gpu }) => {
  useReference('brian2');
  const steps = 60;
  const ours = (await gpu.run('microcircuitPsp', { delayMs: 1.0, steps })) as { v: number[]; weight: number };
  const p = runPython('brian2', [resolve(import.meta.dirname, '../bench/peers/brian2_psp.py'), '--weight', '87.8085', '--delay', '1.0', '--steps', String(steps)]);
  expect(p.status, p.stderr.slice(-2000)).toBe(0);
  const brian = (JSON.parse(p.stdout) as { v: number[] }).v;
  const first = (v: number[]) => v.findIndex((x) => x > -65 + 1e-6);
  const peak = (v: number[]) => Math.max(...v) + 65;
  console.log(`[${gpu.runtime}] one PSC, nominal delay 1 ms: first step with v moved spikegpu ${first(ours.v)}, Brian2 ${first(brian)}; ` +
    `peak spikegpu ${peak(ours.v).toFixed(5)} mV (weight ${(ours.weight * 1000).toFixed(2)} pA per step), Brian2 ${peak(brian).toFixed(5)} mV (87.81 pA)`);
  expect(first(ours.v)).toBeGreaterThan(0);
  expect(first(ours.v)).toBe(first(brian));
  expect(Math.abs(peak(ours.v) / peak(brian) - 1)).toBeLessThan(0.005);
  expect(Math.abs(peak(brian) - 0.15)).toBeLessThan(0.001);
});

/**
 * Runs bench/peers/brian2_microcircuit.py on spikegpu's network instance (`args`' scale and
 * inDegreeScale, written as NPY) over five noise seeds, and checks that spikegpu's run `r` is one
 * more draw of the same law: within 4 sd of Brian2's mean, plus 10 % for what five runs leave unknown
 * of that mean and spread (rates), 4 sd plus 0.05 (ISI CVs).
 */
function expectLikeBrian2(gpu: GpuRunner, args: MicrocircuitArgs, r: MicrocircuitResult): void {
  const k = args.inDegreeScale ?? 1;
  const dir = mkdtempSync(resolve(tmpdir(), 'spikegpu-microcircuit-'));
  try {
    writeMicrocircuitFiles(dir, potjansDiesmann({ scale: args.scale, inDegreeScale: k }), { seed: 1, dt: 0.1 });
    // One Brian2 process builds the network once and runs it with each noise seed (the same numbers
    // as one process per seed, without building 3e7 synapses five times).
    const p = runPythonCached('brian2', [resolve(import.meta.dirname, '../bench/peers/brian2_microcircuit.py'), '--scale', String(args.scale),
      '--duration', String(args.durationMs), '--drop', String(args.dropMs), '--dt', '0.1', '--target', 'cython', '--seeds', BRIAN_SEEDS.join(','),
      '--network-dir', dir, '--k-scale', String(k)]);
    expect(p.status, p.stderr.slice(-2000)).toBe(0);
    const runs = JSON.parse(p.stdout) as { sizes: number[]; rate_hz: number[]; cv: number[]; synapses: number }[];
    expect(runs).toHaveLength(BRIAN_SEEDS.length);
    expect(runs[0]!.synapses).toBe(r.synapses);
    expect(runs[0]!.sizes).toEqual(MICROCIRCUIT_POPULATIONS.map((n) => r.sizes[n]));
    const rows = MICROCIRCUIT_POPULATIONS.map((name, j) => {
      const [m, sd] = meanSd(runs.map((b) => b.rate_hz[j]!));
      const [cvM, cvSd] = meanSd(runs.map((b) => b.cv[j]!));
      return { name, rate: r.rateHz[name]!, m, sd, cv: r.cv[name]!, cvM, cvSd };
    });
    console.log(`[${gpu.runtime}] microcircuit scale ${args.scale}, inDegreeScale ${k}, one network instance (${r.synapses} synapses), rates and ISI CVs ` +
      `over the last ${args.durationMs - args.dropMs} ms; Brian2 (cython) over noise seeds ${BRIAN_SEEDS.join(', ')}:\n` +
      rows.map((x) => `  ${x.name}: spikegpu ${x.rate.toFixed(3)} Hz, CV ${x.cv.toFixed(3)} | Brian2 ${x.m.toFixed(3)} ± ${x.sd.toFixed(3)} Hz, CV ${x.cvM.toFixed(3)} ± ${x.cvSd.toFixed(3)}`).join('\n'));
    for (const x of rows) {
      expect(Math.abs(x.rate - x.m), `${x.name} rate ${x.rate} Hz vs Brian2 ${x.m} ± ${x.sd} Hz`).toBeLessThan(4 * x.sd + 0.1 * x.m);
      expect(Math.abs(x.cv - x.cvM), `${x.name} ISI CV vs Brian2`).toBeLessThan(4 * x.cvSd + 0.05);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('Potjans-Diesmann microcircuit at scale 0.1 fires like Brian2 on the same network instance', async ({ gpu }) => {
  test.setTimeout(900_000);
  useReference('brian2');
  expectLikeBrian2(gpu, ARGS, await onGpu(gpu));
});

test("Potjans-Diesmann microcircuit with inDegreeScale 0.1 (NEST's K_scaling, DC compensation) fires like Brian2's own K_scaling on the same network instance", async ({ gpu }) => {
  test.setTimeout(900_000);
  useReference('brian2');
  // Weights x 1/sqrt(0.1), 10 % of the synapses and Poisson inputs, and the DC current: Brian2 computes
  // its Poisson inputs and DC currents itself (from NEST's formulas), only the synapses are spikegpu's.
  expectLikeBrian2(gpu, K_ARGS, (await gpu.run('microcircuitRates', K_ARGS)) as MicrocircuitResult);
});

test('Potjans-Diesmann microcircuit at scale 0.25 with the full in-degrees: all eight populations fire at the full-scale rates of NEST', async ({ gpu }) => {
  test.setTimeout(900_000);
  const r = (await gpu.run('microcircuitRates', NEST_ARGS)) as MicrocircuitResult;
  const rows = MICROCIRCUIT_POPULATIONS.map((name, k) => {
    const lo = Math.min(MICROCIRCUIT_REFERENCE_RATES[k]!, MICROCIRCUIT_BOS2016_RATES[k]!);
    const hi = Math.max(MICROCIRCUIT_REFERENCE_RATES[k]!, MICROCIRCUIT_BOS2016_RATES[k]!);
    const rate = r.rateHz[name]!;
    // Relative distance outside the band the two NEST simulations span (0 inside it).
    const off = rate < lo ? (lo - rate) / lo : rate > hi ? (rate - hi) / hi : 0;
    return { name, rate, lo, hi, off, cv: r.cv[name]! };
  });
  console.log(`[${gpu.runtime}] microcircuit scale ${NEST_ARGS.scale}: ${r.synapses} synapses, build ${(r.buildMs / 1000).toFixed(1)} s, ${r.steps} steps in ${(r.runMs / 1000).toFixed(1)} s; ` +
    `rates and ISI CVs over the last ${NEST_ARGS.durationMs - NEST_ARGS.dropMs} ms\n` +
    rows.map((x) => `  ${x.name}: ${x.rate.toFixed(3)} Hz (NEST full scale ${x.lo}-${x.hi} Hz, ${(100 * x.off).toFixed(1)} % outside), ISI CV ${x.cv.toFixed(3)}`).join('\n'));
  expect(r.synapses).toBeGreaterThan(7.4e7);
  // Within 25 % of the band: the two NEST simulations differ by up to 27 % (L2/3E) between themselves.
  // Three seeds here gave 0-15.1 % outside it (L5E the farthest); scale 0.1 is 51-98 % above it in L2/3.
  for (const x of rows) expect(x.off, `${x.name} rate ${x.rate} Hz vs NEST ${x.lo}-${x.hi} Hz`).toBeLessThan(0.25);
  // The cell-type specific pattern of the paper: L2/3E and L6E are the quietest populations.
  const rate = Object.fromEntries(rows.map((x) => [x.name, x.rate]));
  for (const quiet of ['L23E', 'L6E']) for (const busy of ['L4E', 'L5E', 'L23I', 'L4I', 'L5I', 'L6I']) expect(rate[quiet]!).toBeLessThan(rate[busy]!);
  // Asynchronous irregular firing: ISI CV well above a clock's 0 (over 800 ms the CV is biased low: a
  // Poisson train gives 0.58-0.85 at these rates; the benchmark measures it over 10 s).
  for (const x of rows) expect(x.cv, `${x.name} ISI CV`).toBeGreaterThan(0.4);
});
