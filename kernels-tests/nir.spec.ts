/**
 * NIR graphs on the GPU in both runtimes (h5wasm in the page and in Node): an imported convolutional
 * graph (Sinabs-style IF neurons, pooling, a delay, recurrence) runs spike for spike as the network
 * built through the API; a trained Yin-Yang network exported to NIR and imported again has identical
 * weights, parameters, spikes and predictions. File-level checks (format versions, h5py, bad input)
 * are in kernels-tests/unit/nir-files.spec.ts.
 */
import { expect, test } from './harness/fixtures';

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
