/**
 * The Trainer: gradients of a whole batch vs the CPU BPTT oracle (kernels-tests/oracle/train.ts),
 * the oracle's equations vs central finite differences, the gradients vs PyTorch autograd (when
 * Debian's python3-torch is installed), bad input, regression, profiling, gradient accumulation and
 * checkpointing, in both runtimes. The learning recipes (Yin-Yang, Randman, recurrent ALIF) are in
 * train-recipes.spec.ts, run in Node only.
 */
import { expect, test } from './harness/fixtures';
import { useReference } from './harness/references';
import { torchGradients } from './harness/torch';

for (const loss of ['maxOverTime', 'meanOverTime', 'mse']) {
  for (const seed of [6, 7]) {
    test(`Trainer gradients (2 hidden layers: CubaLIF soft/detached, LIF hard/attached arctan; ${loss}; seed ${seed}) equal the BPTT oracle; finite differences confirm its readout gradients`, async ({ gpu }) => {
      const r = await gpu.run('trainerGradients', { seed, loss });
      console.log(`[${gpu.runtime}] ${loss} seed ${seed}: max rel |GPU - oracle| ${JSON.stringify(r.maxRel)}, loss ${r.lossRel.toExponential(1)}, FD ${r.fdMaxRel.toExponential(1)} over ${r.fdChecked}`);
      expect(r.spikes).toBeGreaterThan(500);
      for (const [name, rel] of Object.entries(r.maxRel as Record<string, number>)) expect(rel, name).toBeLessThan(1e-5);
      expect(r.lossRel).toBeLessThan(1e-5);
      expect(r.fdChecked).toBeGreaterThan(10);
      expect(r.fdMaxRel).toBeLessThan(1e-4);
    });
  }
}

const extendedNets = [
  { net: 'recurrent', loss: 'maxOverTime', label: 'dense recurrent ALIF with trainable alpha and threshold, sparse recurrent LIF, readout with trainable alpha, event-driven spike products', spikeProducts: 'events' },
  { net: 'recurrent', loss: 'meanOverTime', label: 'the same network, mean over time' },
  { net: 'spiking', loss: 'spikeCount', label: 'dense recurrent LIF, spiking readout with trainable thresholds, spike-count loss' },
] as const;

for (const v of extendedNets) {
  test(`Trainer gradients (${v.label}; ${v.loss}) equal the BPTT oracle; finite differences confirm the readout's smooth gradients`, async ({ gpu }) => {
    const r = await gpu.run('trainerGradients', { seed: 12, loss: v.loss, net: v.net, ...('spikeProducts' in v ? { spikeProducts: v.spikeProducts } : {}) });
    console.log(`[${gpu.runtime}] ${v.net} ${v.loss}: max rel |GPU - oracle| ${JSON.stringify(r.maxRel)}, loss ${r.lossRel.toExponential(1)}, FD ${r.fdMaxRel.toExponential(1)} over ${r.fdChecked}`);
    expect(r.spikes).toBeGreaterThan(500);
    for (const [name, rel] of Object.entries(r.maxRel as Record<string, number>)) expect(rel, name).toBeLessThan(1e-5);
    expect(r.lossRel).toBeLessThan(1e-5);
    if (v.net === 'recurrent') {
      expect(r.fdChecked).toBeGreaterThan(10);
      expect(r.fdMaxRel).toBeLessThan(1e-4);
    }
  });
}

const torchCases = [
  { net: 'small', loss: 'maxOverTime' }, { net: 'small', loss: 'meanOverTime' },
  { net: 'recurrent', loss: 'maxOverTime' }, { net: 'spiking', loss: 'spikeCount' },
] as const;

for (const { net, loss } of torchCases) {
  test(`Trainer gradients equal PyTorch autograd on the same network, weights and inputs (${net} network, ${loss})`, async ({ gpu }) => {
    useReference('torch');
    const d = await gpu.run('trainerBatchForTorch', { seed: 9, loss, net });
    const t = torchGradients(d);
    expect(Math.abs(t.loss - d.gpu.loss) / Math.abs(t.loss)).toBeLessThan(1e-5);
    for (const [name, g] of Object.entries(d.gpu.gradients as Record<string, number[]>)) {
      const tg = t.gradients[name]!;
      const scale = Math.max(1e-6, ...tg.map(Math.abs));
      const worst = Math.max(...g.map((x, k) => Math.abs(x - tg[k]!) / scale));
      console.log(`[${gpu.runtime}] ${net} ${loss} ${name}: max |GPU - PyTorch| / max |PyTorch| = ${worst.toExponential(2)}`);
      expect(worst, name).toBeLessThan(1e-4);
    }
  });
}

test('Trainer bad input: typed errors naming the tensor, layer or field; a non-finite gradient stops training and keeps the weights', async ({ gpu }) => {
  const r = await gpu.run('trainerBadInput');
  expect(r['zero steps'].message).toContain('steps = 0');
  expect(r['batch over the device limit'].name).toBe('LimitExceededError');
  expect(r['batch over the device limit'].message).toMatch(/batchSize .*maxStorageBufferBindingSize/);
  expect(r['bad tauMem'].message).toContain('hidden[0]: tauMem = -1');
  expect(r['unknown surrogate'].message).toContain('surrogate.kind = "sigmoidish"');
  expect(r['alif without beta'].message).toContain('hidden[0]: beta');
  expect(r['recurrent density out of range'].message).toContain('density = 1.5');
  expect(r['recurrent pair out of range'].message).toContain('pre[1] = 9');
  expect(r['spike-count loss without a spiking readout'].message).toContain('loss = "spikeCount"');
  expect(r['checkpointEvery over steps'].message).toContain('checkpointEvery = 11');
  expect(r['checkpointEvery with a rate regulariser'].message).toContain('rateRegularizer');
  expect(r['recurrent layer over the workgroup memory'].name).toBe('LimitExceededError');
  expect(r['recurrent layer over the workgroup memory'].message).toContain('hidden0');
  expect(r['features mismatch'].message).toContain("dataset 'train': features = 3");
  expect(r['inputs shape'].message).toContain('shape [12][4]');
  expect(r['NaN in data'].message).toContain('inputs[7] = NaN');
  expect(r['label out of range'].message).toContain('labels[2] = 3');
  expect(r['non-finite gradient'].name).toBe('NonFiniteGradientError');
  expect(r['non-finite gradient'].message).toContain("'hidden0.weight'");
  expect(r['non-finite gradient'].message).toContain('update 0');
  expect(r['weights unchanged after the non-finite gradient'].name).toBe('true');
  expect(r['use after destroy'].name).toBe('DestroyedError');
});

test("Regression with the 'mse' loss: the readouts learn target traces (loss down more than 10x in 15 epochs)", async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = await gpu.run('mseTraining', { epochs: 15 });
  console.log(`[${gpu.runtime}] mse losses: ${r.losses.map((x: number) => x.toFixed(3)).join(' ')}`);
  expect(r.losses[r.losses.length - 1]).toBeLessThan(0.1 * r.losses[0]);
});

test('Trainer.profileBatch times every operation of a training batch (forward products and layers, loss, backward, optimizer)', async ({ gpu }) => {
  const r = (await gpu.run('trainerProfile')) as { op: string; ms: number }[];
  console.log(`[${gpu.runtime}] ${r.map((x) => `${x.op} ${x.ms.toFixed(1)} ms`).join(', ')}`);
  // One hidden layer and the readout: 2 products + 2 layer passes forward, loss, readout backward, the
  // hidden dL/dz product, its backward, 4 gradient products, optimizer.
  expect(r.map((x) => x.op)).toEqual(['forward 0', 'forward 1', 'forward 2', 'forward 3', 'loss', 'backward 0', 'backward 1', 'backward 2', 'backward 3', 'backward 4', 'backward 5', 'backward 6', 'optimizer', 'whole batch']);
  // Each time covers real GPU work (a submit and its completion), and the operations timed one by one
  // add up to at least the batch timed in one pass (each alone also pays its own submit and wait).
  for (const x of r) expect(x.ms, x.op).toBeGreaterThan(0);
  expect(Number.isFinite(r.reduce((a, x) => a + x.ms, 0))).toBe(true);
  const whole = r[r.length - 1]!.ms;
  const parts = r.slice(0, -1).reduce((a, x) => a + x.ms, 0);
  console.log(`[${gpu.runtime}] operations one by one: ${parts.toFixed(1)} ms; whole batch in one pass: ${whole.toFixed(1)} ms`);
  expect(parts).toBeGreaterThan(0.5 * whole);
});

for (const v of [{ net: 'small', loss: 'maxOverTime' }, { net: 'recurrent', loss: 'mse' }, { net: 'spiking', loss: 'spikeCount' }] as const) {
  test(`Gradient accumulation (batch 3 x 2 micro-batches) gives the gradients of one batch of 6 (${v.net} network, ${v.loss})`, async ({ gpu }) => {
    const r = await gpu.run('accumulationGradients', { seed: 5, ...v });
    console.log(`[${gpu.runtime}] accumulation ${v.net} ${v.loss}: vs one batch ${JSON.stringify(r.vsFull)}; loss ${r.lossRel.toExponential(1)}; epoch loss ${r.epochLossRel.toExponential(1)}`);
    // The sums over the batch are split in two, so the rounding differs slightly.
    for (const [name, rel] of Object.entries(r.vsFull as Record<string, number>)) expect(rel, name).toBeLessThan(1e-5);
    for (const [name, rel] of Object.entries(r.vsOracle as Record<string, number>)) expect(rel, name).toBeLessThan(1e-5);
    expect(r.lossRel).toBeLessThan(1e-6);
    expect(r.updates).toEqual([7, 7]);
    expect(r.epochLossRel).toBeLessThan(1e-3);
  });
}

const checkpointCases = [
  { net: 'small', loss: 'maxOverTime', every: 7 },
  { net: 'recurrent', loss: 'meanOverTime', every: 4 },
  { net: 'recurrent', loss: 'mse', every: 10, accumulation: 2 },
  { net: 'spiking', loss: 'spikeCount', every: 6 },
] as const;

for (const v of checkpointCases) {
  test(`Checkpointing (T = 25 in chunks of ${v.every}${'accumulation' in v ? `, ${v.accumulation} micro-batches` : ''}) gives the plain run's loss and gradients (${v.net} network, ${v.loss})`, async ({ gpu }) => {
    const r = await gpu.run('checkpointGradients', { seed: 8, ...v });
    console.log(`[${gpu.runtime}] checkpoint ${v.net} ${v.loss} every ${v.every}: vs plain ${JSON.stringify(r.vsPlain)}; memory ${r.memory[0]} vs ${r.memory[1]} bytes; epoch loss ${r.epochLossRel.toExponential(1)}`);
    expect(r.spikes).toBeGreaterThan(300);
    expect(r.lossEqual).toBe(true);
    // Weight gradients are summed chunk by chunk, so the rounding differs slightly.
    for (const [name, rel] of Object.entries(r.vsPlain as Record<string, number>)) expect(rel, name).toBeLessThan(1e-5);
    for (const [name, rel] of Object.entries(r.vsOracle as Record<string, number>)) expect(rel, name).toBeLessThan(1e-5);
    expect(r.memory[0]).toBeLessThan(r.memory[1]);
    expect(r.epochLossRel).toBeLessThan(1e-3);
  });
}
