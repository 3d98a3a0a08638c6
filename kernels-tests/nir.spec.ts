/**
 * NIR graphs on the GPU in both runtimes (h5wasm in the page and in Node): an imported convolutional
 * graph (Sinabs-style IF neurons, pooling, a delay, recurrence) runs spike for spike as the network
 * built through the API; a trained Yin-Yang network exported to NIR and imported again has identical
 * weights, parameters, spikes and predictions. File-level checks (format versions, h5py, bad input)
 * are in kernels-tests/unit/nir-files.spec.ts.
 */
import { resolve } from 'node:path';
import { testRandom } from './cases/common';
import { expect, test } from './harness/fixtures';
import { runPython, useReference } from './harness/references';

test('NIR conv graph (Conv2d -> IF -> SumPool2d -> Flatten -> Affine -> Delay -> CubaLIF + recurrence) written, read, imported: spikes equal the API-built network', async ({ gpu }) => {
  const r = await gpu.run('nirNetworkEquality', { seed: 3, steps: 60 });
  console.log(`[${gpu.runtime}] NIR conv graph: ${r.bytes} bytes; spikes (imported, API) ${JSON.stringify(r.spikes)}; synapses ${JSON.stringify(r.synapses)}`);
  expect(r.mismatches).toEqual([]);
  expect(r.spikes.spk1[0]).toBeGreaterThan(100);
  expect(r.spikes.hidden[0]).toBeGreaterThan(5);
  // Sinabs's IF stores no v_reset: the importer says which reset it applied.
  expect(r.warnings.join('\n')).toMatch(/IF "spk1" has no v_reset .*subtracts the threshold/);
});

test('Trainer -> NIR -> Trainer: a Yin-Yang network trained one epoch comes back with identical weights, parameters, hidden spikes and predictions', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = await gpu.run('nirTrainerRoundTrip', { seed: 5 });
  console.log(`[${gpu.runtime}] NIR Trainer round trip: ${r.hiddenSpikes} hidden spikes, accuracy ${r.accuracy.toFixed(3)}; mismatches: tensors ${r.tensorMismatches.length}, spikes ${r.spikeMismatches}, readout ${r.readoutMismatches}`);
  expect(r.tensorMismatches).toEqual([]);
  expect(r.sameSpec).toBe(true);
  expect(r.sameTrainer).toBe(true);
  expect(r.hiddenSpikes).toBeGreaterThan(100);
  expect(r.spikeMismatches).toBe(0);
  expect(r.readoutMismatches).toBe(0);
  expect(r.predictionsEqual).toBe(true);
});

test('a graph as snnTorch exports it, imported with the snntorch discretisation, spikes as snnTorch\'s Synaptic and Leaky neurons do (PyTorch, float32), one step of latency per layer', async ({ gpu }) => {
  useReference('torch');
  const rand = testRandom(11);
  const [I, H, O, T] = [5, 8, 4, 80];
  // Weights on a 1/64 grid (exact in the simulator's fixed point), inputs of random spikes.
  const grid = (lo: number, hi: number) => Math.round((lo + (hi - lo) * rand()) * 64) / 64;
  const net = {
    W1: Array.from({ length: H }, () => Array.from({ length: I }, () => grid(-0.3, 0.8))),
    W2: Array.from({ length: O }, () => Array.from({ length: H }, () => grid(-0.4, 1.2))),
    alpha: Array.from({ length: H }, () => grid(0.5, 0.9)), beta1: Array.from({ length: H }, () => grid(0.8, 0.95)), thr1: Array.from({ length: H }, () => grid(0.8, 1.5)),
    beta2: Array.from({ length: O }, () => grid(0.7, 0.95)), thr2: Array.from({ length: O }, () => grid(0.5, 1.2)),
    inputs: Array.from({ length: T }, () => Array.from({ length: I }, () => (rand() < 0.3 ? 1 : 0))),
  };
  const ours = await gpu.run('nirSnntorchRun', net) as { hidden: number[][]; out: number[][]; warnings: string[] };
  const p = runPython('torch', [resolve(import.meta.dirname, '../bench/peers/snntorch_equations.py')], JSON.stringify(net));
  expect(p.status, p.stderr).toBe(0);
  const ref = JSON.parse(p.stdout) as { hidden: number[][]; out: number[][] };
  // spikegpu delivers each layer's spikes one step later: input step t -> hidden step t + 1 -> output step t + 2.
  const shift = (s: number[][], by: number) => s.map(([t, i]) => [t! - by, i!]).filter(([t]) => t! < T).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  const sorted = (s: number[][]) => [...s].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  console.log(`[${gpu.runtime}] snnTorch equations: hidden ${ref.hidden.length} spikes, output ${ref.out.length}; spikegpu hidden ${ours.hidden.length}, output ${ours.out.length}`);
  expect(ref.hidden.length).toBeGreaterThan(30);
  expect(ref.out.length).toBeGreaterThan(10);
  expect(shift(ours.hidden, 1)).toEqual(sorted(ref.hidden));
  expect(shift(ours.out, 2)).toEqual(sorted(ref.out));
  expect(ours.warnings.join('\n')).toMatch(/CubaLIF "lif1" has no v_reset/);
});
