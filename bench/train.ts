/**
 * The Open Neuromorphic LIF benchmark shape (on demand, never a test): a Linear layer n -> n followed by
 * a LIF layer over T steps, forward (X W + b, then the LIF layer) and backward (the LIF layer's BPTT,
 * then dW = X^T GI, db = 1^T GI and dX = GI W^T), batch B, with the spikegpu kernels the Trainer uses.
 * Reports forward and backward ms, the GPU memory those buffers take, the fraction of the adapter's
 * matrix-product rate (measured here with the same kernel on a square product), and PyTorch CPU
 * (2 threads) on the same shape in the same run when Debian's python3-torch is installed.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { GpuContext } from '../host/gpu/context';
import { LifTrainOp, resolveTrainLif, stateLayout } from '../host/kernels/lifTrain';
import { MatmulOp } from '../host/kernels/matmul';
import { markdownTable } from './format';

const PYTHON = process.env.SPIKEGPU_PYTHON ?? '/usr/bin/python3';
/** The peer scripts (beside this file; the device kit carries them and sets SPIKEGPU_PEERS). */
const PEERS = process.env.SPIKEGPU_PEERS ?? resolve(import.meta.dirname, 'peers');
const now = (): number => performance.now();

async function timeIt(ctx: GpuContext, encode: (pass: GPUComputePassEncoder) => void, repeats: number): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const enc = ctx.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    encode(pass);
    pass.end();
    const t0 = now();
    ctx.device.queue.submit([enc.finish()]);
    await ctx.device.queue.onSubmittedWorkDone();
    best = Math.min(best, now() - t0);
  }
  return best;
}

function buffer(ctx: GpuContext, label: string, floats: number, fill?: () => number): GPUBuffer {
  const b = ctx.pool.acquire({ label, size: 4 * floats, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  if (fill) ctx.device.queue.writeBuffer(b, 0, Float32Array.from({ length: floats }, fill));
  return b;
}

/** FLOP/s of the product (the strategy 'auto' picks here) on an m x m x m problem: the adapter's measured matrix-product rate. */
export async function matmulRate(ctx: GpuContext, m: number): Promise<number> {
  const a = buffer(ctx, 'rate.A', m * m, () => Math.random());
  const b = buffer(ctx, 'rate.B', m * m, () => Math.random());
  const c = buffer(ctx, 'rate.C', m * m);
  const op = await MatmulOp.create(ctx, { m, n: m, k: m, a, b, c });
  await timeIt(ctx, (p) => op.encode(p), 1);
  const ms = await timeIt(ctx, (p) => op.encode(p), 3);
  op.release();
  for (const x of [a, b, c]) ctx.pool.release(x);
  return (2 * m * m * m) / (ms / 1000);
}

export interface LifBenchRow {
  n: number; batch: number; steps: number; forwardMs: number; backwardMs: number; memoryMiB: number; gflops: number; fraction: number;
  /** The same passes with the event-driven products (forward X W and dW = X^T GI touch only the input spikes). */
  eventsForwardMs: number; eventsBackwardMs: number;
  torch?: { forwardMs: number; backwardMs: number } | string;
}

/** The PyTorch peer: on the CPU (2 threads, Debian's python3-torch), on CUDA (the GPU machine's python3), or none. */
export interface LifPeer { python: string; device: 'cpu' | 'cuda' }

export async function benchLifLayer(ctx: GpuContext, shapes: { n: number; batch: number; steps: number }[], log = console.log,
  peer: LifPeer | null = { python: PYTHON, device: 'cpu' }): Promise<{ table: string; rate: number; rows: LifBenchRow[] }> {
  const rate = await matmulRate(ctx, 512);
  log(`matmul rate (512^3, this kernel): ${(rate / 1e9).toFixed(2)} GFLOP/s`);
  const rows: LifBenchRow[] = [];
  for (const s of shapes) {
    const { n, batch: B, steps: T } = s;
    const TB = T * B;
    const bufs = {
      X: buffer(ctx, 'lif.X', TB * n, () => (Math.random() < 0.1 ? 1 : 0)),
      W: buffer(ctx, 'lif.W', n * n, () => (Math.random() * 2 - 1) / Math.sqrt(n)),
      b: buffer(ctx, 'lif.b', n, () => 0),
      I: buffer(ctx, 'lif.I', TB * n), V: buffer(ctx, 'lif.V', TB * n), Z: buffer(ctx, 'lif.Z', TB * n + B * n),
      GZ: buffer(ctx, 'lif.GZ', TB * n + B * n, () => Math.random() - 0.5), GI: buffer(ctx, 'lif.GI', TB * n + B * n), S: buffer(ctx, 'lif.S', stateLayout(B * n, 1).floats),
      dW: buffer(ctx, 'lif.dW', n * n), db: buffer(ctx, 'lif.db', n), dX: buffer(ctx, 'lif.dX', TB * n), ones: buffer(ctx, 'lif.ones', TB, () => 1),
    };
    const memoryMiB = Object.values(bufs).reduce((a, x) => a + x.size, 0) / 2 ** 20;
    const lif = resolveTrainLif('bench', { tauMem: 10 }, 1);
    const fwd = await MatmulOp.create(ctx, { m: TB, k: n, n, a: bufs.X, b: bufs.W, c: bufs.I, bias: bufs.b });
    const layer = await LifTrainOp.create(ctx, 'bench', lif, true, T, B, n, {
      I: [bufs.I, 4 * TB * n], V: [bufs.V, 4 * TB * n], Z: [bufs.Z, 4 * (TB * n + B * n)], GZ: [bufs.GZ, 4 * (TB * n + B * n)], GI: [bufs.GI, 4 * (TB * n + B * n)], S: [bufs.S, bufs.S.size],
    });
    const dW = await MatmulOp.create(ctx, { m: n, k: TB, n, transA: true, a: bufs.X, b: bufs.GI, c: bufs.dW });
    const db = await MatmulOp.create(ctx, { m: 1, k: TB, n, a: bufs.ones, b: bufs.GI, c: bufs.db });
    const dX = await MatmulOp.create(ctx, { m: TB, k: n, n, transB: true, a: bufs.GI, b: bufs.W, c: bufs.dX });
    const fwdE = await MatmulOp.create(ctx, { m: TB, k: n, n, a: bufs.X, b: bufs.W, c: bufs.I, bias: bufs.b, strategy: 'events' });
    const dWE = await MatmulOp.create(ctx, { m: n, k: TB, n, transA: true, a: bufs.X, b: bufs.GI, c: bufs.dW, strategy: 'events' });
    const forward = (p: GPUComputePassEncoder) => { fwd.encode(p); layer.forward.encode(p); };
    const backward = (p: GPUComputePassEncoder) => { layer.backward.encode(p); dW.encode(p); db.encode(p); dX.encode(p); };
    const forwardE = (p: GPUComputePassEncoder) => { fwdE.encode(p); layer.forward.encode(p); };
    const backwardE = (p: GPUComputePassEncoder) => { layer.backward.encode(p); dWE.encode(p); db.encode(p); dX.encode(p); };
    await timeIt(ctx, (p) => { forward(p); backward(p); forwardE(p); backwardE(p); }, 1); // warm-up
    const forwardMs = await timeIt(ctx, forward, 3);
    const backwardMs = await timeIt(ctx, backward, 3);
    const eventsForwardMs = await timeIt(ctx, forwardE, 3);
    const eventsBackwardMs = await timeIt(ctx, backwardE, 3);
    // Products: forward 2 TB n^2, backward 2 x 2 TB n^2 (+ the small bias sum).
    const flops = 6 * TB * n * n;
    const gflops = flops / ((forwardMs + backwardMs) / 1000) / 1e9;
    const row: LifBenchRow = { n, batch: B, steps: T, forwardMs, backwardMs, memoryMiB, gflops, fraction: (gflops * 1e9) / rate, eventsForwardMs, eventsBackwardMs };
    const probe = peer ? spawnSync(peer.python, ['-c', 'import torch'], { encoding: 'utf8' }) : null;
    if (!peer || !probe) row.torch = 'no peer run';
    else if (probe.status !== 0) row.torch = `PyTorch not installed (${peer.python}; Debian python3-torch)`;
    else {
      const r = spawnSync(peer.python, [resolve(PEERS, 'torch_lif_bench.py'), '--n', String(n), '--batch', String(B), '--steps', String(T), '--threads', '2', '--device', peer.device], { encoding: 'utf8' });
      if (r.status !== 0) row.torch = `PyTorch failed: ${r.stderr.trim().split('\n').pop()}`;
      else {
        const d = JSON.parse(r.stdout) as { forward_ms: number; backward_ms: number };
        row.torch = { forwardMs: d.forward_ms, backwardMs: d.backward_ms };
      }
    }
    log(`LIF n=${n} B=${B} T=${T}: forward ${forwardMs.toFixed(1)} ms, backward ${backwardMs.toFixed(1)} ms (event-driven products: ${eventsForwardMs.toFixed(1)}, ${eventsBackwardMs.toFixed(1)} ms), ${gflops.toFixed(2)} GFLOP/s (${(100 * row.fraction).toFixed(0)} % of the measured rate), ${memoryMiB.toFixed(1)} MiB; torch ${JSON.stringify(row.torch)}`);
    rows.push(row);
    for (const op of [fwd, dW, db, dX, layer, fwdE, dWE]) op.release();
    for (const x of Object.values(bufs)) ctx.pool.release(x);
  }
  const table = markdownTable(['n', 'batch', 'T', 'spikegpu forward ms', 'spikegpu backward ms', 'forward ms, event-driven products', 'backward ms, event-driven products', 'GPU memory (MiB)', 'GFLOP/s (products)', 'of measured matmul rate', `PyTorch ${peer?.device ?? ''} forward ms`, `PyTorch ${peer?.device ?? ''} backward ms`],
    rows.map((r) => [r.n, r.batch, r.steps, r.forwardMs.toFixed(1), r.backwardMs.toFixed(1), r.eventsForwardMs.toFixed(1), r.eventsBackwardMs.toFixed(1), r.memoryMiB.toFixed(1), r.gflops.toFixed(2), `${(100 * r.fraction).toFixed(0)} %`,
      typeof r.torch === 'object' ? r.torch.forwardMs.toFixed(1) : (r.torch ?? ''), typeof r.torch === 'object' ? r.torch.backwardMs.toFixed(1) : '']));
  return { table, rate, rows };
}
