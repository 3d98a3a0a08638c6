/**
 * The GPU benchmark the device kit runs (docs/device.md), in one process and one go: adapter and
 * limits; the measured copy bandwidth and matrix-product rate; neuron updates/s at N = 1e6 and 1e7;
 * CUBA at 4000, 40 000 and 400 000 neurons; the step loop (commands, host encode time and wall time per
 * step: CUBA 4000, Brunel 12 500, the microcircuit at scale 0.1; bench/step-loop.ts); the GPU raster's draw and frame rates (Brunel 12 500 and
 * 50 000 neurons); a procedural network of 1.6e9 synapses; the Open
 * Neuromorphic LIF-layer shape (n = 1024, 4096, 16384; batch 16, T = 500) with PyTorch on the same
 * GPU; last, when time is left, the Potjans-Diesmann microcircuit at full scale. Each section is timed and caught on its own: one that fails is reported and the next runs; one
 * that would start past the time budget is skipped and named. Writes device-bench.md and
 * device-bench.json into --out.
 * Usage (bundled by scripts/device-kit.mjs; here with tsx):
 *   suite [--out DIR] [--budget-s 450] [--small] [--allow-software]
 * --small runs every section at rehearsal sizes (a software adapter finishes in minutes).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { acquireDevice } from '../../host/device';
import type { GpuContext } from '../../host/gpu/context';
import { cuba } from '../../host/model/examples';
import type { NetworkModel } from '../../host/model/network';
import { markdownTable, si } from '../format';
import { runOnGpu } from '../network';
import { benchNeurons, copyBandwidth } from '../neurons';
import { benchLifLayer, matmulRate } from '../train';
import { benchMicrocircuit } from '../microcircuit';
import { benchRaster } from '../raster';
import { benchStepLoop } from '../step-loop';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string, dflt: string) => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] !== undefined ? args[k + 1]! : dflt;
};
const out = resolve(value('--out', process.env.OUT ?? 'device-out'));
const budgetS = Number(value('--budget-s', '450'));
const small = flag('--small');
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;

interface Section { name: string; status: 'ok' | 'failed' | 'skipped'; seconds: number; table?: string; data?: unknown; error?: string }

const sections: Section[] = [];
const log = (m: string) => console.log(`[device-bench ${elapsed().toFixed(0)} s] ${m}`);

/** Runs one section unless the budget is spent (each section's expected share: `needS`). */
async function section(name: string, needS: number, body: () => Promise<{ table: string; data: unknown }>): Promise<void> {
  if (elapsed() + needS > budgetS) {
    log(`${name}: skipped (${elapsed().toFixed(0)} s used of the ${budgetS} s budget, ~${needS} s needed)`);
    sections.push({ name, status: 'skipped', seconds: 0 });
    return;
  }
  const t0 = elapsed();
  log(`${name}: start`);
  try {
    const r = await body();
    sections.push({ name, status: 'ok', seconds: elapsed() - t0, table: r.table, data: r.data });
    log(`${name}: done in ${(elapsed() - t0).toFixed(1)} s\n${r.table}`);
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    sections.push({ name, status: 'failed', seconds: elapsed() - t0, error });
    log(`${name}: FAILED after ${(elapsed() - t0).toFixed(1)} s: ${error}`);
  }
}

function procedural(n: number): NetworkModel {
  return {
    populations: [
      { name: 'src', model: 'poisson', size: n, params: { rates: 5 } },
      { name: 'dst', model: 'lif', size: n, params: { tauSynExc: 5, tauSynInh: 10 } },
    ],
    projections: [{ name: 'src->dst', pre: 'src', post: 'dst', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 0.004, storage: 'procedural' }],
  };
}

async function main(ctx: GpuContext): Promise<void> {
  const a = ctx.adapter;
  const features = [...ctx.device.features].sort();
  log(`adapter: ${a.summary}; features: ${features.join(', ') || 'none'}`);
  let copy = 0;
  let rate = 0;
  await section('bandwidth', small ? 20 : 30, async () => {
    copy = await copyBandwidth(ctx);
    rate = await matmulRate(ctx, small ? 256 : 2048);
    return { table: markdownTable(['measure', 'value'], [['buffer copy (read + write bytes/s)', `${si(copy)}B/s`], [`matrix product, ${small ? 256 : 2048}^3 f32 (this toolkit's kernel)`, `${si(rate)}FLOP/s`]]), data: { copyBytesPerS: copy, matmulFlopPerS: rate } };
  });
  await section('neurons', 60, async () => {
    const r = await benchNeurons(ctx, small ? [1e4, 1e5] : [1e6, 1e7], log);
    return { table: r.table, data: r.rows };
  });
  await section('cuba', small ? 90 : 120, async () => {
    const cases = small
      ? [{ label: 'CUBA 4000, p = 0.02', model: cuba({ size: 4000 }), ms: 100 }]
      : [{ label: 'CUBA 4000, p = 0.02', model: cuba({ size: 4000 }), ms: 1000 }, { label: 'CUBA 40 000, in-degree 80', model: cuba({ size: 40_000, inDegree: 80 }), ms: 1000 },
        { label: 'CUBA 400 000, in-degree 80', model: cuba({ size: 400_000, inDegree: 80 }), ms: 200 }];
    const rows: (string | number)[][] = [];
    const data: unknown[] = [];
    for (const c of cases) {
      // 'auto' (fused where it applies), then the per-step path with each sparse delivery strategy.
      for (const [mode, propagate] of [['auto', 'auto'], ['off', 'thread'], ['off', 'workgroup']] as const) {
        const m = await runOnGpu(ctx, c.model, c.ms, 0.1, mode, propagate);
        const perModelS = m.wallS * (1000 / c.ms);
        const path = mode === 'auto' ? `auto (${m.commandsPerStep})` : `per-step, propagate '${propagate}'`;
        rows.push([c.label, path, si(m.synapses), c.ms, m.wallS.toFixed(3), m.gpuS === null ? 'n/a' : m.gpuS.toFixed(3), (1 / perModelS).toFixed(2), si(m.synops / m.wallS), m.syncsPerModelSecond.toFixed(1), m.buildS.toFixed(2)]);
        data.push({ label: c.label, mode, propagate, modelMs: c.ms, ...m });
      }
    }
    return { table: markdownTable(['network', 'path', 'synapses', 'model ms', 'wall s', 'GPU s (timestamps)', 'x real time (wall)', 'synaptic events/s (wall)', 'host syncs per model s', 'build s'], rows), data };
  });
  await section('step-loop', small ? 60 : 90, async () => {
    const table = await benchStepLoop(ctx, small ? ['cuba'] : ['cuba', 'brunel', 'microcircuit0.1'], log);
    return { table, data: { table } };
  });
  await section('raster', 40, async () => {
    const r = await benchRaster(ctx, small ? [2000] : [10_000, 40_000], log);
    return { table: r.table, data: r.rows };
  });
  await section('procedural', 60, async () => {
    const n = small ? 2000 : 40_000;
    const ms = small ? 20 : 100;
    const m = await runOnGpu(ctx, procedural(n), ms, 0.1);
    return {
      table: markdownTable(['network', 'synapses (none stored)', 'model ms', 'synaptic events', 'wall s', 'GPU s (timestamps)', 'synaptic events/s (wall)', 'build s'],
        [[`${si(n)} Poisson (5 Hz) -> ${si(n)} LIF, all-to-all, procedural`, si(m.synapses), ms, si(m.synops), m.wallS.toFixed(3), m.gpuS === null ? 'n/a' : m.gpuS.toFixed(3), si(m.synops / m.wallS), m.buildS.toFixed(2)]]),
      data: { n, modelMs: ms, ...m },
    };
  });
  await section('lif-layer', small ? 120 : 180, async () => {
    const shapes = small ? [{ n: 256, batch: 4, steps: 50 }] : [1024, 4096, 16384].map((n) => ({ n, batch: 16, steps: 500 }));
    const python = process.env.SPIKEGPU_PYTHON ?? 'python3';
    const r = await benchLifLayer(ctx, shapes, log, { python, device: small ? 'cpu' : 'cuda' });
    return { table: r.table, data: r.rows };
  });
  // Last: its 3e8 synapses take the longest to build and run (generated on the GPU since 2026-12-07), so it runs
  // only when the sections above leave the time.
  await section('microcircuit', small ? 60 : 240, async () => {
    const r = await benchMicrocircuit(ctx, small ? 0.02 : 1, small ? 300 : 1000, log);
    return { table: `${r.summary}\n\n${r.table}`, data: { stats: r.stats, realtimeFactor: r.realtimeFactor } };
  });
}

mkdirSync(out, { recursive: true });
const ctx = await acquireDevice({});
const info = { ...ctx.adapter, limits: Object.fromEntries(Object.entries(ctx.limits as unknown as Record<string, number>).filter(([, v]) => typeof v === 'number')) };
console.log(`adapter: ${ctx.adapter.summary}`);
if (ctx.adapter.software && !flag('--allow-software')) {
  console.error(`device-bench: only a software adapter was found (${ctx.adapter.summary}); the GPU driver did not load. Check run.sh's driver setup (VK_DRIVER_FILES, ldconfig) or pass --allow-software to rehearse.`);
  ctx.destroy();
  process.exit(3);
}
const timestamps = ctx.device.features.has('timestamp-query');
await main(ctx);
ctx.destroy();
const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
const md = [`# spikegpu GPU benchmark (${small ? 'rehearsal sizes' : 'full sizes'})`, '', `- Date: ${date} UTC`, `- Adapter: ${ctx.adapter.summary}`,
  `- Node ${process.versions.node}; total ${elapsed().toFixed(0)} s of a ${budgetS} s budget; timing: wall clock from submit to completion (host encoding included), and GPU timestamps of the step passes where the adapter offers timestamp-query (${timestamps ? 'offered here' : 'not offered here'})`, '',
  ...sections.flatMap((s) => [`## ${s.name} (${s.status}, ${s.seconds.toFixed(1)} s)`, '', s.table ?? s.error ?? 'skipped: the time budget was spent', ''])].join('\n');
writeFileSync(resolve(out, 'device-bench.md'), md);
writeFileSync(resolve(out, 'device-bench.json'), JSON.stringify({ date, small, budgetS, seconds: elapsed(), adapter: info, sections }, null, 1));
console.log(md);
process.exit(sections.some((s) => s.status === 'failed') ? 1 : 0);
