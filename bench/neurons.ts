/**
 * Neuron-update throughput: lif, alif and izhikevich at N = 1e4, 1e5, 1e6 (B = 1) on the current
 * adapter, and their CPU oracles in the same run. Effective bytes/s counts the bytes each update
 * must move (state read + write, both input accumulators read + cleared, per-neuron params when
 * used, the spike bitmask) and is given as a fraction of the same adapter's measured
 * buffer-copy bandwidth (copyBufferToBuffer, read + write bytes).
 */
import type { GpuContext } from '../host/gpu/context';
import { alifKernel } from '../host/kernels/alif';
import { izhikevichKernel } from '../host/kernels/izhikevich';
import { lifKernel } from '../host/kernels/lif';
import type { NeuronKernel } from '../host/kernels/neuron-kernel';
import { createPopulation, type PopulationOptions } from '../host/sim/population';
import { AlifOracle } from '../kernels-tests/oracle/alif';
import { IzhikevichOracle } from '../kernels-tests/oracle/izhikevich';
import { LifOracle } from '../kernels-tests/oracle/lif';
import type { NeuronOracle } from '../kernels-tests/oracle/neuron-oracle';
import { markdownTable, si } from './format';

const now = (): number => performance.now();

/** Bytes/s of copyBufferToBuffer (read + write) on this adapter: best of 3 runs. */
export async function copyBandwidth(ctx: GpuContext): Promise<number> {
  const size = Math.min(64 * 2 ** 20, ctx.limits.maxBufferSize / 2);
  const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const a = ctx.device.createBuffer({ label: 'bench.copy.a', size, usage });
  const b = ctx.device.createBuffer({ label: 'bench.copy.b', size, usage });
  const reps = 8;
  let best = 0;
  for (let trial = 0; trial < 4; trial++) {
    const enc = ctx.device.createCommandEncoder();
    for (let r = 0; r < reps; r++) enc.copyBufferToBuffer(r % 2 ? b : a, 0, r % 2 ? a : b, 0, size);
    const t0 = now();
    ctx.device.queue.submit([enc.finish()]);
    await ctx.device.queue.onSubmittedWorkDone();
    const bw = (2 * size * reps) / ((now() - t0) / 1000);
    if (trial > 0) best = Math.max(best, bw); // first trial warms up
  }
  a.destroy();
  b.destroy();
  return best;
}

interface Spec {
  model: 'lif' | 'alif' | 'izhikevich';
  kernel: NeuronKernel<unknown>;
  dt: number;
  params: Record<string, unknown>;
}

const SPECS: Spec[] = [
  { model: 'lif', kernel: lifKernel as NeuronKernel<unknown>, dt: 0.1, params: { biasCurrent: 25, refractoryMs: 2 } },
  { model: 'alif', kernel: alifKernel as NeuronKernel<unknown>, dt: 0.1, params: { biasCurrent: 25, refractoryMs: 2, beta: 100 } },
  { model: 'izhikevich', kernel: izhikevichKernel as NeuronKernel<unknown>, dt: 0.5, params: { biasCurrent: 10 } },
];

function oracleFor(spec: Spec, n: number): NeuronOracle {
  const resolved = spec.kernel.resolve('bench', spec.params, n, spec.dt);
  const scale = 2 ** -16;
  return spec.model === 'lif' ? new LifOracle(resolved, n, 1, scale, false)
    : spec.model === 'alif' ? new AlifOracle(resolved, n, 1, scale, false)
      : new IzhikevichOracle(resolved, n, 1, scale, spec.dt);
}

export interface NeuronBenchRow {
  kernel: string;
  n: number;
  gpuUpdatesPerS: number;
  oracleUpdatesPerS: number;
  bytesPerUpdate: number;
  effectiveBytesPerS: number;
  fractionOfCopy: number;
  gpuMsPerStep: number;
}

export async function benchNeurons(ctx: GpuContext, sizes = [1e4, 1e5, 1e6], log = console.log): Promise<{ rows: NeuronBenchRow[]; copy: number; table: string }> {
  const copy = await copyBandwidth(ctx);
  log(`buffer-copy bandwidth: ${si(copy)}B/s`);
  const rows: NeuronBenchRow[] = [];
  for (const spec of SPECS) {
    for (const n of sizes) {
      const pop = await createPopulation(ctx, { model: spec.model, size: n, dt: spec.dt, params: spec.params, name: `bench-${spec.model}` } as PopulationOptions);
      await pop.run(20);
      await ctx.finish();
      // Enough steps for ~0.5 s of GPU work on this class of adapter, at least 20.
      const probe0 = now();
      await pop.run(20);
      await ctx.finish();
      const perStep = (now() - probe0) / 20;
      const steps = Math.max(20, Math.min(5000, Math.round(500 / perStep)));
      const t0 = now();
      await pop.run(steps);
      await ctx.finish();
      const gpuS = (now() - t0) / 1000;
      pop.destroy();
      const oracle = oracleFor(spec, n);
      const oSteps = Math.max(2, Math.round(2e6 / n));
      const o0 = now();
      for (let s = 0; s < oSteps; s++) oracle.step();
      const oS = (now() - o0) / 1000;
      const stride = spec.kernel.stateLayout.stride;
      const bytesPerUpdate = 2 * stride + 16 + 1 / 8; // state r+w, 2 accumulators r+w, spike bit; params are a uniform here
      const ups = (n * steps) / gpuS;
      const row: NeuronBenchRow = {
        kernel: spec.model, n, gpuUpdatesPerS: ups, oracleUpdatesPerS: (n * oSteps) / oS, bytesPerUpdate,
        effectiveBytesPerS: ups * bytesPerUpdate, fractionOfCopy: (ups * bytesPerUpdate) / copy, gpuMsPerStep: (gpuS * 1000) / steps,
      };
      rows.push(row);
      log(`${spec.model} N=${n}: GPU ${si(row.gpuUpdatesPerS)} updates/s (${row.gpuMsPerStep.toFixed(3)} ms/step, ${steps} steps), ` +
        `oracle ${si(row.oracleUpdatesPerS)} updates/s, ${(row.fractionOfCopy * 100).toFixed(1)}% of copy bandwidth`);
    }
  }
  const table = markdownTable(
    ['kernel', 'N', 'GPU updates/s', 'ms/step', 'oracle updates/s', 'GPU/oracle', 'bytes/update', 'effective B/s', 'of copy BW'],
    rows.map((r) => [r.kernel, si(r.n), si(r.gpuUpdatesPerS), r.gpuMsPerStep.toFixed(3), si(r.oracleUpdatesPerS),
      `${(r.gpuUpdatesPerS / r.oracleUpdatesPerS).toFixed(1)}x`, r.bytesPerUpdate.toFixed(1), `${si(r.effectiveBytesPerS)}B/s`, `${(r.fractionOfCopy * 100).toFixed(1)}%`]),
  );
  return { rows, copy, table };
}
