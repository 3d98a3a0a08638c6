/** GPU-generated connectivity (host/kernels/connect.ts) vs the oracle, synapse by synapse. */
import type { GpuContext } from '../../host/gpu/context';
import { generateRowsOnGpu } from '../../host/kernels/connect';
import type { ProjectionModel } from '../../host/model/network';
import { connectOracle, rowTriples } from '../oracle/connect';

export interface ConnectCaseArgs {
  projection: ProjectionModel;
  index: number;
  nPre: number;
  nPost: number;
  same: boolean;
  seed: number;
  /** fixedTotalNumber: a first row capacity below the longest row, to test the refill. */
  rowCapacity?: number;
}

export async function connectVsOracle(ctx: GpuContext, a: ConnectCaseArgs): Promise<{ synapses: number; oracleSynapses: number; maxRow: number; mismatchedRows: number; first: string; gpuMs: number }> {
  const opts = { seed: a.seed, dt: 0.5, fractionBits: 16, maxDelaySteps: 200 };
  const t0 = performance.now();
  const g = await generateRowsOnGpu(ctx, a.projection, a.index, a.nPre, a.nPost, a.same, { ...opts, ...(a.rowCapacity ? { rowCapacity: a.rowCapacity } : {}) });
  await ctx.finish();
  const gpuMs = performance.now() - t0;
  const o = connectOracle(a.projection, a.index, a.nPre, a.nPost, a.same, opts);
  const lengths = new Uint32Array(await ctx.read(g.rowLength, 0, 4 * a.nPre));
  const n = a.nPre * g.meta.maxRow;
  const ind = new Uint32Array(await ctx.read(g.ind, 0, 4 * n));
  const weight = new Int32Array(await ctx.read(g.weight, 0, 4 * n));
  const delay = g.delay ? new Uint32Array(await ctx.read(g.delay, 0, 4 * n)) : null;
  let mismatchedRows = 0;
  let first = '';
  // fixedTotalNumber's GPU rows hold the oracle's synapses in arrival order: compared as sorted lists.
  const anyOrder = a.projection.connectivity.rule === 'fixedTotalNumber';
  const byValue = (x: [number, number, number], y: [number, number, number]) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  for (let i = 0; i < a.nPre; i++) {
    const want = rowTriples(o, i);
    let got: [number, number, number][] = [];
    for (let s = 0; s < (lengths[i] as number); s++) {
      const at = i * g.meta.maxRow + s;
      got.push([ind[at] as number, weight[at] as number, delay ? (delay[at] as number) : g.meta.constDelay]);
    }
    if (anyOrder) {
      got = got.sort(byValue);
      want.sort(byValue);
    }
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      mismatchedRows++;
      if (!first) first = `row ${i}: gpu ${JSON.stringify(got.slice(0, 4))}... oracle ${JSON.stringify(want.slice(0, 4))}...`;
    }
  }
  for (const b of [g.rowLength, g.ind, g.weight, g.delay]) if (b) ctx.pool.release(b);
  return { synapses: g.meta.synapses, oracleSynapses: o.synapses, maxRow: g.meta.maxRow, mismatchedRows, first, gpuMs };
}
