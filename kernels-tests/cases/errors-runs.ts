/**
 * Bad input and faults around runs, recordings, files and the device: values finite in f64 but not
 * in f32, non-object params, Inf/NaN in a standalone population, step counts past the u32 step
 * counter, runs shorter than dt, use after destroy, corrupt weights files, device loss during a
 * readback, and a learning rate that makes training diverge. Each entry reports what was thrown.
 */
import { acquireDevice } from '../../host/device';
import type { GpuContext } from '../../host/gpu/context';
import type { NetworkModel } from '../../host/model/network';
import { createPopulation, type Population, type PopulationOptions } from '../../host/sim/population';
import { Simulator } from '../../host/sim/simulator';
import { Trainer, type EpochStats } from '../../host/train/trainer';
import { decodeWeights, encodeWeights } from '../../host/train/weights-file';
import { yinYang } from '../../host/train/yinyang';
import { attemptCall, type ErrorReport } from './errors';

const lif = (extra: Record<string, unknown>, params: unknown = {}) => ({ model: 'lif', size: 10, dt: 0.1, params, ...extra }) as unknown as PopulationOptions;

const network = (): NetworkModel => ({
  populations: [
    { name: 'in', model: 'poisson', size: 10, params: { rates: 100 } },
    { name: 'e', model: 'lif', size: 20 },
  ],
  projections: [{ name: 'p', pre: 'in', post: 'e', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.5 }, weight: 5 }],
});

/** A weights file whose JSON header is replaced by `header` (a string, or an object to stringify). */
function weightsWithHeader(header: string | object): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(Math.ceil((8 + text.length) / 4) * 4 + 16);
  out.set([0x53, 0x47, 0x57, 0x31], 0);
  new DataView(out.buffer).setUint32(4, text.length, true);
  out.set(text, 8);
  return out;
}

export async function runtimeErrors(ctx: GpuContext): Promise<{ reports: ErrorReport[]; divergence: { warnings: string[]; history: EpochStats[] }; refusalMs: number; bigRefusalMs: number }> {
  const reports: ErrorReport[] = [];
  const attempt = async (label: string, fn: () => unknown): Promise<void> => {
    reports.push(await attemptCall(label, fn));
  };
  /** A fresh population for one call, destroyed after it whatever happens. */
  const withPopulation = (options: PopulationOptions, fn: (p: Population) => unknown) => async () => {
    const p = await createPopulation(ctx, options);
    try {
      return await fn(p);
    } finally {
      p.destroy();
    }
  };

  // Finite in f64, not in f32.
  await attempt('izhikevich dt = 1e300', () => createPopulation(ctx, { model: 'izhikevich', size: 4, dt: 1e300 }));
  await attempt('biasCurrent = 1e300', () => createPopulation(ctx, lif({}, { biasCurrent: 1e300 })));
  await attempt('vThreshold = 1e39, vReset = 1e38', () => createPopulation(ctx, lif({}, { vThreshold: 1e39, vReset: 1e38 })));
  await attempt('lifCond derived gLeak = cMem / tauMem overflows f32', () => createPopulation(ctx, { model: 'lifCond', size: 3, dt: 0.1, params: { cMem: 1e30, tauMem: 1e-20 } }));
  await attempt('tauMem positive in f64, 0 in f32', () => createPopulation(ctx, lif({}, { tauMem: 1e-50 })));
  await attempt('network parameter beyond f32', () => {
    const n = network();
    n.populations[1] = { name: 'e', model: 'lif', size: 20, params: { vRest: -1e39 } };
    return Simulator.build(ctx, n, { dt: 0.1 });
  });
  // params that are not objects.
  await attempt('params = 5 (population)', () => createPopulation(ctx, lif({}, 5)));
  await attempt('params = 5 (network)', () => {
    const n = network();
    (n.populations[1] as unknown as { params: unknown }).params = 5;
    return Simulator.build(ctx, n, { dt: 0.1 });
  });
  await attempt('params = [] (poisson)', () => createPopulation(ctx, { model: 'poisson', size: 2, dt: 1, params: [] as never }));
  // Inf/NaN in a standalone population: finite parameters whose product (rMem * bias) is not.
  const blowUp = lif({ size: 7, batch: 2 }, { rMem: 1e30, biasCurrent: [0, 0, 0, 0, 0, 1e30, 0] });
  await attempt('standalone population v -> Inf, found by record', withPopulation(blowUp, (p) => p.record(20)));
  await attempt('standalone population v -> Inf, found by readState after run', withPopulation(blowUp, async (p) => {
    await p.run(20);
    return p.readState();
  }));
  // Step counts and recording sizes.
  await attempt('pop.record(2**33)', withPopulation(lif({}), (p) => p.record(2 ** 33)));
  await attempt('pop.run(2**33)', withPopulation(lif({}), (p) => p.run(2 ** 33)));
  await attempt('steps past the u32 step counter', withPopulation(lif({}), (p) => {
    p.stepCount = 2 ** 32 - 10;
    return p.run(20);
  }));
  await attempt('pop.record beyond the host-memory cap', withPopulation(lif({ size: 4000 }), (p) => p.record(2 ** 31 - 1)));
  const sim = await Simulator.build(ctx, network(), { dt: 0.1 });
  await attempt('sim.run({ steps: 2**33 })', () => sim.run({ steps: 2 ** 33 }));
  await attempt('sim.run(undefined)', () => sim.run(undefined as never));
  await attempt('sim.run({ durationMs: 0.04 }) at dt 0.1', () => sim.run({ durationMs: 0.04 }));
  await attempt('sim.run record not an array', () => sim.run({ steps: 1, record: 'e' as never }));
  await attempt('sim.run records too much', () => sim.run({ steps: 2 ** 31 - 1, record: ['e'], rates: ['e'] }));
  sim.destroy();
  await attempt('sim.readCounters() after destroy', () => sim.readCounters());
  await attempt('sim.run after destroy', () => sim.run({ steps: 1 }));
  await attempt('sim.reset after destroy', () => sim.reset());
  await attempt('sim.population after destroy', () => sim.population('e'));
  // A model far too large: 2 x 1e5 neurons, p = 0.5, normal weights (5e9 synapses, host-generated if
  // attempted) is refused by the plan, before any generation; the time is reported.
  const huge: NetworkModel = {
    populations: [{ name: 'a', model: 'lif', size: 100_000 }, { name: 'b', model: 'lif', size: 100_000 }],
    projections: [{ name: 'a->b', pre: 'a', post: 'b', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.5 }, weight: { dist: 'normal', mean: 0.1, sd: 0.02 } }],
  };
  const t0 = performance.now();
  await attempt('Simulator.build of 2 x 1e5 neurons, p = 0.5, normal weights', () => Simulator.build(ctx, huge, { dt: 0.1 }));
  const refusalMs = performance.now() - t0;
  // One population of 2^31 - 1 neurons (the largest size a model may state), with a Poisson source of
  // as many: refused by the plan from the sizes, without validating two billion neurons one by one.
  const maxSize = 2 ** 31 - 1;
  const t1 = performance.now();
  await attempt('Simulator.build of one population of 2^31 - 1 neurons', () => Simulator.build(ctx, { populations: [{ name: 'big', model: 'lif', size: maxSize }], projections: [] }, { dt: 0.1 }));
  await attempt('Simulator.build of a Poisson source of 2^31 - 1 neurons', () => Simulator.build(ctx, { populations: [{ name: 'src', model: 'poisson', size: maxSize, params: { rates: 5 } }], projections: [] }, { dt: 0.1 }));
  const bigRefusalMs = performance.now() - t1;
  // Weights files.
  const good = encodeWeights({ spec: { inputs: 2, hidden: [], readout: { size: 2 } }, trainer: { steps: 4, dt: 1, loss: 'maxOverTime' }, tensors: { 'readout.weight': { shape: [2, 2], values: new Float32Array(4) } } });
  const header = JSON.parse(new TextDecoder().decode(good.subarray(8, 8 + new DataView(good.buffer).getUint32(4, true)))) as Record<string, unknown>;
  await attempt('weights header without tensors', () => decodeWeights(weightsWithHeader({ ...header, tensors: undefined })));
  await attempt('weights header not JSON', () => decodeWeights(weightsWithHeader('{"format": "spikegpu-weights", ver')));
  await attempt('weights header a JSON array', () => decodeWeights(weightsWithHeader('[1, 2]')));
  await attempt('weights tensor shape and length disagree', () => decodeWeights(weightsWithHeader({ ...header, tensors: [{ name: 'readout.weight', shape: [3, 2], offset: 0, length: 4 }] })));
  await attempt('weights tensor with a negative offset', () => decodeWeights(weightsWithHeader({ ...header, tensors: [{ name: 'readout.weight', shape: [4], offset: -1, length: 4 }] })));
  await attempt('Trainer.load of a corrupt file', () => Trainer.load(ctx, weightsWithHeader({ ...header, tensors: 'all of them' })));
  // Device loss: a second device, destroyed behind the library's back, before and during a readback.
  const lost = await acquireDevice();
  const pl = await createPopulation(lost, lif({}));
  await pl.run(5);
  const during = pl.readState();
  lost.device.destroy();
  await attempt('device lost during readState', () => during);
  await attempt('readState after the device was lost', () => pl.readState());
  lost.destroy();
  // A learning rate that makes the loss explode: a warning by default, an error on request.
  const warnings: string[] = [];
  const data = yinYang({ size: 64, seed: 2 });
  const spec = { inputs: data.features, hidden: [{ size: 16 }], readout: { size: 3 } };
  const opts = { steps: 12, batchSize: 16, optimizer: { kind: 'sgd' as const, lr: 1e30, momentum: 0 } };
  const warn = console.warn;
  let history: EpochStats[];
  const t = await Trainer.create(ctx, spec, opts);
  try {
    console.warn = (...a: unknown[]) => { warnings.push(a.map(String).join(' ')); };
    history = await t.fit(data, { epochs: 3 });
  } finally {
    console.warn = warn;
    t.destroy();
  }
  const t2 = await Trainer.create(ctx, spec, opts);
  await attempt('SGD with lr 1e30 and onDivergence: error', () => t2.fit(data, { epochs: 3, onDivergence: 'error' }));
  t2.destroy();
  return { reports, divergence: { warnings, history }, refusalMs, bigRefusalMs };
}
