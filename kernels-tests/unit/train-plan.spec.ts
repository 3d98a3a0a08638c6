/**
 * The Trainer's host side without a GPU: option resolution (defaults, typed errors), the plan
 * (tensors, buffer sizes, checkpoint chunks, the order of the passes), the memory check, and the
 * dataset checks, batch packing and shuffle.
 */
import { expect, test } from '@playwright/test';
import { InvalidParameterError, LimitExceededError } from '../../host/errors';
import { checkDataset, packBatch, permutation, type Dataset } from '../../host/train/dataset';
import type { TrainNetworkSpec } from '../../host/train/network';
import { resolveTrainerOptions, type TrainerOptions } from '../../host/train/options';
import { checkTrainerMemory, planTrainer, type PlanStep } from '../../host/train/plan';

const spec: TrainNetworkSpec = { inputs: 5, hidden: [{ size: 10 }], readout: { size: 3 } };
const plan = (options: TrainerOptions, s = spec) => {
  const { options: o, layers } = resolveTrainerOptions(s, options);
  return { o, layers, plan: planTrainer(layers, s.inputs, o) };
};
const show = (steps: readonly PlanStep[]) => steps.map((s) => [s.op, 'layer' in s ? s.layer : undefined, 'chunk' in s ? s.chunk : undefined].filter((x) => x !== undefined).join(' '));

test('options: defaults applied, bad values named', () => {
  const { o } = plan({ steps: 10, batchSize: 4 });
  expect(o).toMatchObject({ steps: 10, batchSize: 4, dt: 1, seed: 1, loss: 'maxOverTime', initGain: 1, spikeProducts: 'auto', spikeInputs: false, gradientAccumulation: 1, checkpointEvery: 10, rateRegularizer: undefined });
  const bad = (options: object, field: RegExp) => {
    let e: unknown;
    try { resolveTrainerOptions(spec, options as TrainerOptions); } catch (x) { e = x; }
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect((e as InvalidParameterError).field).toMatch(field);
  };
  bad({ steps: 10, batchSize: 4, epochs: 3 }, /epochs/);
  bad({ steps: 0, batchSize: 4 }, /^steps$/);
  bad({ steps: 10, batchSize: 4, checkpointEvery: 11 }, /^checkpointEvery$/);
  bad({ steps: 10, batchSize: 4, checkpointEvery: 5, rateRegularizer: { upper: { count: 5, strength: 1 } } }, /^rateRegularizer$/);
  bad({ steps: 10, batchSize: 4, loss: 'spikeCount' }, /^loss$/);
});

test('plan: tensors 256-byte aligned, buffer sizes, and the passes in order (no checkpointing)', () => {
  const { plan: p } = plan({ steps: 10, batchSize: 4 });
  expect(p.tensors.map((t) => `${t.name} [${t.shape}] @${t.offset}`)).toEqual([
    'hidden0.weight [5,10] @0', 'hidden0.bias [10] @64', 'readout.weight [10,3] @128', 'readout.bias [3] @192',
  ]);
  expect(p.paramFloats).toBe(256);
  expect(p.chunkSteps).toEqual([10]);
  expect(p.chunked).toBe(false);
  expect(p.accumulates).toBe(false);
  const T = 10, B = 4;
  expect(p.sizes).toMatchObject({ params: 256, grads: 256, input: T * B * 5, target: B, stats: 3 * B, 'hidden0.I': T * B * 10, 'hidden0.Z': (T * B + B) * 10, 'readout.V': T * B * 3 });
  expect(p.sizes['readout.Z']).toBeUndefined(); // a leaky-integrator readout has no spikes
  expect(p.bytes).toBe(4 * Object.values(p.sizes).reduce((a, x) => a + x, 0));
  expect(show(p.forward)).toEqual(['product 0 0', 'layerForward 0 0', 'product 1 0', 'layerForward 1 0']);
  expect(show(p.backward)).toEqual(['layerBackward 1 0', 'gradZ 0 0', 'layerBackward 0 0', 'weightGrads 0 0', 'weightGrads 1 0', 'paramGrads']);
  const reg = plan({ steps: 10, batchSize: 4, rateRegularizer: { upper: { count: 5, strength: 1 } } }).plan;
  expect(show(reg.backward)).toEqual(['layerBackward 1 0', 'gradZ 0 0', 'rateReg 0', 'layerBackward 0 0', 'weightGrads 0 0', 'weightGrads 1 0', 'paramGrads']);
});

test('plan with checkpointing: chunks, chunk-sized activations, backward recomputes each chunk last first', () => {
  const { plan: p } = plan({ steps: 10, batchSize: 4, checkpointEvery: 4 });
  expect(p.chunkSteps).toEqual([4, 4, 2]);
  expect(p.chunked).toBe(true);
  expect(p.accumulates).toBe(true);
  expect(p.sizes['hidden0.I']).toBe(4 * 4 * 10);
  expect(p.sizes.inputChunk).toBe(4 * 4 * 5);
  expect(p.sizes['readout.U']).toBe(10 * 4 * 3);
  const chunk = (c: number) => [`copyInput ${c}`, `product 0 ${c}`, `layerForward 0 ${c}`, `product 1 ${c}`, `layerForward 1 ${c}`];
  expect(show(p.forward)).toEqual([0, 1, 2].flatMap((c) => [...chunk(c), `copyReadoutOut ${c}`]));
  expect(show(p.backward)).toEqual([...[2, 1, 0].flatMap((c) => [...chunk(c), `copyReadoutGradIn ${c}`,
    `layerBackward 1 ${c}`, `gradZ 0 ${c}`, `layerBackward 0 ${c}`, `weightGrads 0 ${c}`, `weightGrads 1 ${c}`]), 'paramGrads']);
  // Micro-batches alone also sum gradients.
  expect(plan({ steps: 10, batchSize: 4, gradientAccumulation: 2 }).plan.accumulates).toBe(true);
  // Trainable per-neuron parameters and sparse recurrence add tensors and steps.
  const rec = plan({ steps: 6, batchSize: 2 }, { inputs: 3, hidden: [{ size: 8, recurrent: { density: 0.5 }, train: { tauMem: true } }], readout: { size: 2 } }).plan;
  expect(rec.tensors.map((t) => t.name)).toEqual(['hidden0.weight', 'hidden0.bias', 'hidden0.recurrent', 'hidden0.alpha', 'readout.weight', 'readout.bias']);
  expect(show(rec.backward)).toContain('sparseRecGrad 0 0');
});

test('memory check: the largest buffer over the binding limit is named, with what to change', () => {
  const { plan: p } = plan({ steps: 100, batchSize: 64 });
  expect(() => checkTrainerMemory(p, 64, 1 << 30)).not.toThrow();
  let e: unknown;
  try { checkTrainerMemory(p, 64, 100_000); } catch (x) { e = x; }
  expect(e).toBeInstanceOf(LimitExceededError);
  expect((e as Error).message).toMatch(/The buffer hidden0\.(Z|GZ|GI) of \d+ bytes .* exceeds maxStorageBufferBindingSize = 100000\. Use checkpointEvery/);
  expect((e as LimitExceededError).limit).toBeLessThan(64);
});

test('datasets: checks name the field; batches packed [T][B][F] with a short batch padded; seeded shuffle', () => {
  const shape = { inputs: 2, outputs: 3, steps: 2, mse: false };
  const d: Dataset = { inputs: Float32Array.from([1, 2, 3, 4, 5, 6]), labels: Uint32Array.from([0, 2, 1]), size: 3, features: 2 };
  expect(() => checkDataset('train', d, shape)).not.toThrow();
  expect(() => checkDataset('train', { ...d, features: 3 }, shape)).toThrow(/features = 3 is not allowed; expected 2 \(the network's inputs\)/);
  expect(() => checkDataset('train', { ...d, labels: Uint32Array.from([0, 3, 1]) }, shape)).toThrow(/labels\[1\] = 3 .* a class in \[0, 2\]/);
  expect(() => checkDataset('train', { ...d, inputs: Float32Array.from([1, 2, 3, NaN, 5, 6]) }, shape)).toThrow(/inputs\[3\] = NaN/);
  expect(() => checkDataset('train', d, { ...shape, mse: true })).toThrow(/targets/);
  // Samples 2 and 0 (the order's last two) in a batch of 3: the third row repeats sample 0.
  const { x, y, valid } = packBatch(d, Uint32Array.from([1, 2, 0]), 1, 3, shape);
  expect(valid).toBe(2);
  expect(Array.from(y)).toEqual([1, 0, 0]);
  expect(Array.from(x)).toEqual([5, 6, 1, 2, 1, 2, /* t = 1 */ 5, 6, 1, 2, 1, 2]);
  const seq = packBatch({ ...d, size: 1, inputs: Float32Array.from([1, 2, 3, 4]), labels: Uint32Array.from([2]), encoding: 'sequence' }, Uint32Array.from([0]), 0, 1, shape);
  expect(Array.from(seq.x)).toEqual([1, 2, 3, 4]);
  const p = permutation(50, 7, 3);
  expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect(Array.from(permutation(50, 7, 3))).toEqual(Array.from(p));
  expect(Array.from(permutation(50, 7, 4))).not.toEqual(Array.from(p));
});
