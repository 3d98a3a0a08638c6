/**
 * Network benchmarks (Node, on demand): CUBA at N = 4000 (p = 0.02) and N = 40 000 (fixed in-degree
 * 80), 1 s of model time, on the current adapter, with Brian2 (cython, compile time excluded) and the
 * CPU oracle in the same run; and a scaling curve of wall time against firing rate at a fixed
 * synapse count (cost should follow spikes, not synapses).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { GpuContext } from '../host/gpu/context';
import { cuba } from '../host/model/examples';
import type { NetworkModel } from '../host/model/network';
import { Simulator } from '../host/sim/simulator';
import { GpuTimer } from '../host/gpu/timing';
import { FUSED_AUTO_MAX_NEURONS } from '../host/kernels/fused';
import { NetworkOracle } from '../kernels-tests/oracle/network';
import { markdownTable, si } from './format';

const now = (): number => performance.now();
const PYTHON = process.env.SPIKEGPU_PYTHON ?? '/usr/bin/python3';

interface Brian2Result { wallS: number; buildS: number; spikes: number; synapses: number }

function brian2Cuba(size: number, p: number, durationMs: number): Brian2Result | string {
  const probe = spawnSync(PYTHON, ['-c', 'import brian2'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'Brian2 not installed (Debian python3-brian)';
  const r = spawnSync(PYTHON, [resolve(import.meta.dirname, 'peers/brian2_networks.py'), 'cuba', '--size', String(size), '--p', String(p),
    '--duration', String(durationMs), '--target', 'cython', '--no-spikes'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) return `Brian2 failed: ${r.stderr.trim().split('\n').pop()}`;
  const d = JSON.parse(r.stdout) as { wall_s: number; build_s: number; spikes: number; synapses: number };
  return { wallS: d.wall_s, buildS: d.build_s, spikes: d.spikes, synapses: d.synapses };
}

export interface RunMeasure { buildS: number; wallS: number; /** GPU time of the step passes (timestamps), null where unavailable or fused. */ gpuS: number | null; spikes: number; synops: number; synapses: number; steps: number; commandsPerStep: string; syncsPerModelSecond: number }

export async function runOnGpu(ctx: GpuContext, model: NetworkModel, durationMs: number, dt: number, fused: 'auto' | 'on' | 'off' = 'auto', propagate: 'auto' | 'thread' | 'workgroup' = 'auto'): Promise<RunMeasure> {
  const t0 = now();
  const sim = await Simulator.build(ctx, model, { dt, seed: 1, fused, propagate });
  await ctx.finish();
  const buildS = (now() - t0) / 1000;
  await sim.run({ steps: 20 }); // warm-up: pipelines, first submits
  sim.reset();
  const t1 = now();
  const r = await sim.run({ durationMs });
  const wallS = (now() - t1) / 1000;
  const c = await sim.readCounters();
  // GPU time in a second, identical run with timestamps (they need a readback per chunk), where the adapter has them.
  let gpuS: number | null = null;
  if (GpuTimer.available(ctx) && !sim.isFused) {
    sim.reset();
    const timed = await sim.run({ durationMs, gpuTime: true });
    gpuS = typeof timed.gpuMs === 'number' ? timed.gpuMs / 1000 : null;
  }
  const P = sim.populations.size;
  const Q = sim.projections.length;
  const out = {
    buildS, wallS, steps: r.steps, gpuS,
    spikes: Object.values(c.populations).reduce((a, p) => a + p.spikes, 0),
    synops: Object.values(c.projections).reduce((a, p) => a + p.synops, 0),
    synapses: Object.values(sim.synapseCounts).reduce((a, n) => a + n, 0),
    commandsPerStep: sim.isFused
      ? `fused: 1 dispatch per ${sim.fusedStepsPerDispatch} steps`
      : `${P} dispatches + ${Q} indirect + ${2 * P} clears`,
    // Readbacks during the timed run: none until its end, then one health check.
    syncsPerModelSecond: 1 / (durationMs / 1000),
  };
  sim.destroy();
  return out;
}

function oracleRealtime(model: NetworkModel, dt: number, durationMs: number): { wallS: number; modelMs: number } {
  const oracle = new NetworkOracle(model, { dt, batch: 1, seed: 1 });
  const steps = Math.round(durationMs / dt);
  const t0 = now();
  for (let s = 0; s < steps; s++) oracle.advance();
  return { wallS: (now() - t0) / 1000, modelMs: durationMs };
}

export async function benchCuba(ctx: GpuContext, log = console.log): Promise<string> {
  const dt = 0.1;
  const durationMs = 1000;
  const rows: (string | number)[][] = [];
  const cases = [
    { label: 'CUBA 4000, p = 0.02', model: cuba({ size: 4000 }), brianP: 0.02, size: 4000, oracleMs: 1000 },
    { label: 'CUBA 40 000, in-degree 80', model: cuba({ size: 40000, inDegree: 80 }), brianP: 80 / 40000, size: 40000, oracleMs: 100 },
  ];
  for (const c of cases) {
    let g: RunMeasure | undefined;
    // Both paths where the small-network mode applies (auto picks it), the per-step path otherwise.
    for (const mode of c.size <= FUSED_AUTO_MAX_NEURONS ? (['on', 'off'] as const) : (['off'] as const)) {
      const m = await runOnGpu(ctx, c.model, durationMs, dt, mode);
      g ??= m;
      const label = mode === 'on' ? 'spikegpu (fused)' : 'spikegpu (per-step)';
      log(`${c.label}: ${label} ${m.wallS.toFixed(2)} s for 1 s (build ${m.buildS.toFixed(1)} s), ${si(m.synops / m.wallS)} synaptic events/s`);
      rows.push([c.label, label, m.synapses, m.spikes, m.wallS.toFixed(2), (1 / m.wallS).toFixed(3), si(m.synops / m.wallS), m.commandsPerStep, m.syncsPerModelSecond.toFixed(0), m.buildS.toFixed(1)]);
    }
    if (!g) throw new Error('no GPU run');
    const b = brian2Cuba(c.size, c.brianP, durationMs);
    if (typeof b === 'string') {
      rows.push([c.label, `Brian2: ${b}`, '', '', '', '', '', '', '', '']);
    } else {
      log(`${c.label}: Brian2 cython ${b.wallS.toFixed(2)} s (compile ${b.buildS.toFixed(1)} s excluded)`);
      const events = b.spikes * (b.synapses / c.size);
      rows.push([c.label, 'Brian2 2.5 cython' + (c.size > 4000 ? ` (p = ${c.brianP})` : ''), b.synapses, b.spikes, b.wallS.toFixed(2), (1 / b.wallS).toFixed(3),
        `${si(events / b.wallS)} (est.)`, 'CPU', '', b.buildS.toFixed(1)]);
    }
    const o = oracleRealtime(c.model, dt, c.oracleMs);
    const perSecond = o.wallS * (1000 / o.modelMs);
    log(`${c.label}: oracle ${o.wallS.toFixed(2)} s for ${o.modelMs} ms`);
    rows.push([c.label, `oracle (TS, ${o.modelMs} ms run, scaled)`, g.synapses, '', perSecond.toFixed(2), (1 / perSecond).toFixed(3), '', 'CPU', '', '']);
  }
  return markdownTable(['network', 'simulator', 'synapses', 'spikes (1 s)', 'wall s per model s', 'realtime factor', 'synaptic events/s', 'GPU commands per step', 'host syncs per model s', 'build s'], rows);
}

/** Wall time against firing rate at a fixed synapse count: Poisson sources (rate r) -> LIF, fixed out-degree 100. */
export async function benchScaling(ctx: GpuContext, log = console.log): Promise<string> {
  const rows: (string | number)[][] = [];
  let base = 0;
  for (const rate of [0, 2, 10, 50, 200]) {
    const model: NetworkModel = {
      populations: [
        { name: 'src', model: 'poisson', size: 10000, params: { rates: rate } },
        { name: 'dst', model: 'lif', size: 10000, params: { tauSynExc: 5 } },
      ],
      projections: [{ name: 'src->dst', pre: 'src', post: 'dst', target: 'exc', connectivity: { rule: 'fixedOutDegree', k: 100 }, weight: 0.01 }],
    };
    const g = await runOnGpu(ctx, model, 500, 0.1);
    log(`scaling: ${rate} Hz -> ${g.wallS.toFixed(3)} s per 0.5 s, ${g.synops} events`);
    if (rate === 0) base = g.wallS;
    rows.push([rate, g.synapses, g.synops, g.wallS.toFixed(3), g.synops ? (((g.wallS - base) * 1e9) / g.synops).toFixed(1) : '']);
  }
  return markdownTable(['source rate (Hz)', 'synapses', 'synaptic events (0.5 s)', 'wall s per 0.5 s model time', 'added ns per event (vs 0 Hz)'], rows);
}

/** A procedural network of >= 1e8 synapses: nothing stored, cost follows spikes x post neurons. */
export async function benchProcedural(ctx: GpuContext, log = console.log): Promise<string> {
  const model: NetworkModel = {
    populations: [
      { name: 'src', model: 'poisson', size: 10000, params: { rates: 5 } },
      { name: 'dst', model: 'lif', size: 10000, params: { tauSynExc: 5, tauSynInh: 10 } },
    ],
    projections: [
      { name: 'src->dst', pre: 'src', post: 'dst', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 0.004, storage: 'procedural' },
      { name: 'dst->dst', pre: 'dst', post: 'dst', target: 'inh', connectivity: { rule: 'fixedProbability', p: 0.5 }, weight: { dist: 'uniform', low: -0.004, high: 0 }, storage: 'procedural' },
    ],
  };
  const durationMs = 200;
  const g = await runOnGpu(ctx, model, durationMs, 0.1);
  log(`procedural: ${si(g.synapses)} synapses (expected), ${g.wallS.toFixed(2)} s per ${durationMs} ms, ${si(g.synops / g.wallS)} events/s`);
  return markdownTable(['network', 'synapses (none stored)', 'model ms', 'spikes', 'synaptic events', 'wall s', 'synaptic events/s', 'build s'],
    [['10k Poisson -> 10k LIF all-to-all + 10k recurrent p = 0.5', si(g.synapses), durationMs, g.spikes, si(g.synops), g.wallS.toFixed(2), si(g.synops / g.wallS), g.buildS.toFixed(2)]]);
}

/**
 * The small-network mode against the per-step path on CUBA networks (fixed in-degree 80) from 250
 * to 16 000 neurons, 200 ms of model time each: wall time per model second of both, and the size at
 * which they cross.
 */
export async function benchFused(ctx: GpuContext, sizes = [250, 500, 1000, 2000, 4000, 8000, 16000], log = console.log): Promise<{ table: string; crossover: string }> {
  const dt = 0.1;
  const durationMs = 200;
  const rows: (string | number)[][] = [];
  let crossover = '';
  let fusedWonBefore = false;
  for (const size of sizes) {
    const model = cuba({ size, inDegree: 80 });
    const f = await runOnGpu(ctx, model, durationMs, dt, 'on');
    const p = await runOnGpu(ctx, model, durationMs, dt, 'off');
    const perS = (m: RunMeasure): number => m.wallS * (1000 / durationMs);
    const ratio = perS(p) / perS(f);
    log(`fused ${size}: ${perS(f).toFixed(2)} s vs per-step ${perS(p).toFixed(2)} s per model s (x${ratio.toFixed(2)}), ${f.commandsPerStep}`);
    if (f.spikes !== p.spikes || f.synops !== p.synops) throw new Error(`fused and per-step runs differ at N = ${size}: spikes ${f.spikes} vs ${p.spikes}`);
    if (ratio >= 1) fusedWonBefore = true;
    else if (fusedWonBefore && !crossover) crossover = `between ${sizes[sizes.indexOf(size) - 1]} and ${size} neurons`;
    rows.push([size, f.synapses, f.spikes, perS(f).toFixed(2), perS(p).toFixed(2), ratio.toFixed(2), f.commandsPerStep.replace('fused: ', '')]);
  }
  if (!crossover) crossover = fusedWonBefore ? `above ${sizes[sizes.length - 1]} neurons (fused faster at every size measured)` : `below ${sizes[0]} neurons (per-step faster at every size measured)`;
  return {
    table: markdownTable(['neurons', 'synapses', 'spikes (200 ms)', 'fused: wall s per model s', 'per-step: wall s per model s', 'per-step / fused', 'fused steps per dispatch'], rows),
    crossover,
  };
}
