/**
 * The network plan (host/sim/plan.ts): strategies, row bounds and the memory estimate from sizes
 * alone, checked against rows actually generated; a model far too large is refused at once; host
 * generation in slices gives the same rows as in one go and reports progress.
 */
import { expect, test } from '@playwright/test';
import { connect, connectAsync } from '../../host/random/rows';
import { cuba } from '../../host/model/examples';
import type { NetworkModel, ProjectionModel } from '../../host/model/network';
import { planNetwork, refuseIfTooLarge, rowShape } from '../../host/sim/plan';

const LIMITS = { maxStorageBufferBindingSize: 128 * 2 ** 20, minStorageBufferOffsetAlignment: 256 };
const OPTS = { batch: 1, connectivityOn: 'auto' as const, maxDelaySteps: 1000 };
const CONNECT = { seed: 1, dt: 0.1, fractionBits: 16, maxDelaySteps: 1000 };

function proj(connectivity: ProjectionModel['connectivity'], pre = 'a', post = 'b'): ProjectionModel {
  return { name: 'p', pre, post, target: 'exc', connectivity, weight: 1 };
}

test('row bounds: exact for deterministic rules, never exceeded by generated rows for random ones', () => {
  const sizes = { a: 300, b: 517 };
  const cases: ProjectionModel[] = [
    proj({ rule: 'allToAll' }), proj({ rule: 'allToAll' }, 'a', 'a'), proj({ rule: 'allToAll', autapses: true }, 'a', 'a'),
    proj({ rule: 'oneToOne' }, 'a', 'a'), proj({ rule: 'fixedOutDegree', k: 40 }),
    proj({ rule: 'explicit', pre: [0, 0, 2, 0, 5], post: [1, 2, 3, 4, 5] }),
  ];
  for (const p of cases) {
    const nPre = sizes[p.pre as 'a' | 'b'];
    const nPost = sizes[p.post as 'a' | 'b'];
    const rows = connect(p, 0, nPre, nPost, p.pre === p.post, CONNECT);
    const shape = rowShape(p, nPre, nPost);
    expect(shape.maxRow, JSON.stringify(p.connectivity)).toBe(rows.maxRow);
    expect(shape.expected, JSON.stringify(p.connectivity)).toBe(rows.synapses);
  }
  // Random rules: the bound holds over seeds and sizes; the expected count is within 5 sd of the generated one.
  for (const [c, nPre, nPost] of [[{ rule: 'fixedProbability', p: 0.05 }, 400, 900], [{ rule: 'fixedProbability', p: 0.5 }, 200, 333],
    [{ rule: 'fixedInDegree', k: 30 }, 250, 700], [{ rule: 'fixedInDegree', k: 249 }, 250, 90]] as const) {
    for (const seed of [1, 2, 3]) {
      const p = proj(c as ProjectionModel['connectivity']);
      const rows = connect(p, 0, nPre, nPost, false, { ...CONNECT, seed });
      const shape = rowShape(p, nPre, nPost);
      expect(rows.maxRow, `${JSON.stringify(c)} seed ${seed}`).toBeLessThanOrEqual(shape.maxRow);
      const sd = Math.sqrt(Math.max(1, shape.expected));
      expect(Math.abs(rows.synapses - shape.expected), `${JSON.stringify(c)} seed ${seed}`).toBeLessThan(5 * sd);
    }
  }
});

test('the plan of CUBA bounds every buffer of the network the Simulator allocates (from sizes alone)', () => {
  const model = cuba({ size: 4000 });
  const plan = planNetwork(model, 0.1, OPTS, LIMITS);
  expect(plan.tooLarge).toEqual([]);
  for (const q of plan.projections) {
    expect(q.storage).toBe('sparse');
    expect(q.generation).toBe('gpu');
    expect(q.maxRowBound).toBeLessThan(200);
  }
  // Each projection's planned row buffers hold the rows generated for it.
  model.projections.forEach((p, i) => {
    const nPre = model.populations.find((x) => x.name === p.pre)!.size;
    const nPost = model.populations.find((x) => x.name === p.post)!.size;
    const rows = connect(p, i, nPre, nPost, p.pre === p.post, CONNECT);
    const planned = plan.memory.find((m) => m.buffer === `${p.name}.ind`)!;
    expect(planned.bytes).toBeGreaterThanOrEqual(4 * nPre * rows.maxRow);
    expect(planned.bytes).toBeLessThan(2 * 4 * nPre * rows.maxRow);
  });
});

test('a model far too large is refused from its sizes in milliseconds, naming the buffers and the estimate', () => {
  // 2 x 1e5 neurons, p = 0.5, lognormal weights: 5e9 synapses per projection, generated on the host if attempted.
  const model: NetworkModel = {
    populations: [{ name: 'a', model: 'lif', size: 100_000 }, { name: 'b', model: 'lif', size: 100_000 }],
    projections: [{ name: 'a->b', pre: 'a', post: 'b', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.5 }, weight: { dist: 'lognormal', mu: -2.3, sigma: 0.2 } }],
  };
  const t0 = performance.now();
  const plan = planNetwork(model, 0.1, OPTS, LIMITS);
  const q = plan.projections[0]!;
  expect(q.storage).toBe('sparse'); // lognormal weights cannot be procedural
  expect(q.generation).toBe('host');
  expect(q.hostBecause).toContain('lognormal weights');
  expect(q.expectedSynapses).toBe(5e9);
  let error: Error | undefined;
  try {
    refuseIfTooLarge(plan);
  } catch (e) {
    error = e as Error;
  }
  const ms = performance.now() - t0;
  console.log(`refused in ${ms.toFixed(1)} ms: ${error?.message}`);
  expect(error?.name).toBe('LimitExceededError');
  expect(error?.message).toContain('a->b.ind');
  expect(error?.message).toMatch(/MiB in all/);
  expect(ms, 'planning does no per-synapse work').toBeLessThan(1000);
  // Constant weights instead: 'auto' stores nothing (procedural), and the plan fits.
  const procedural = planNetwork({ ...model, projections: [{ ...model.projections[0]!, weight: 0.1 }] }, 0.1, OPTS, LIMITS);
  expect(procedural.projections[0]!.storage).toBe('procedural');
  expect(procedural.projections[0]!.generation).toBe('none');
  expect(procedural.tooLarge).toEqual([]);
});

test('planNetwork validates its arguments and the model', () => {
  const model = cuba({ size: 100 });
  expect(() => planNetwork(model, 0, OPTS, LIMITS)).toThrow(/dt = 0/);
  expect(() => planNetwork(model, 0.1, { ...OPTS, batch: 0 }, LIMITS)).toThrow(/options.batch = 0/);
  expect(() => planNetwork(model, 0.1, OPTS, { maxStorageBufferBindingSize: -1, minStorageBufferOffsetAlignment: 256 })).toThrow(/limits.maxStorageBufferBindingSize/);
  expect(() => planNetwork({ ...model, projections: [{ ...model.projections[0]!, delayMs: 0.25 }] }, 0.1, OPTS, LIMITS)).toThrow(/delayMs = 0.25/);
  expect(() => planNetwork({ ...model, projections: [{ ...model.projections[0]!, pre: 'nope' }] }, 0.1, OPTS, LIMITS)).toThrow(/projections\[0\].pre/);
});

test('host generation in slices gives the same rows as in one go and reports progress up to 1', async () => {
  const p: ProjectionModel = { name: 'p', pre: 'a', post: 'b', target: 'exc', connectivity: { rule: 'fixedInDegree', k: 50 }, weight: { dist: 'normal', mean: 1, sd: 0.3 }, delayMs: { dist: 'uniform', low: 0.1, high: 2 } };
  const whole = connect(p, 3, 800, 1200, false, CONNECT);
  const fractions: number[] = [];
  const sliced = await connectAsync(p, 3, 800, 1200, false, CONNECT, (f) => fractions.push(f), 0);
  expect(sliced).toEqual(whole);
  expect(fractions.length).toBeGreaterThan(100);
  expect(fractions[fractions.length - 1]).toBe(1);
  for (let k = 1; k < fractions.length; k++) expect(fractions[k]).toBeGreaterThanOrEqual(fractions[k - 1]!);
});

test('the memory estimate counts plastic state from the resolved rule: weights and synapse variables per instance, the transposed index, each side\'s traces, the modulator\'s events', () => {
  const network = (synapse: ProjectionModel['synapse']): NetworkModel => ({
    populations: [{ name: 'a', model: 'poisson', size: 300, params: { rates: 5 } }, { name: 'b', model: 'lif', size: 200 }],
    projections: [{ ...proj({ rule: 'fixedOutDegree', k: 40 }), synapse }],
  });
  const batch = 3;
  const at = (synapse: ProjectionModel['synapse']) => {
    const m = planNetwork(network(synapse), 0.5, { ...OPTS, batch }, LIMITS).memory;
    return (b: string) => m.find((x) => x.buffer === `p.${b}`)?.bytes;
  };
  const S = 300 * 40;
  const stdp = at({ rule: 'stdp', wMax: 2 });
  expect(stdp('weights')).toBe(4 * S * batch);
  expect(stdp('cols')).toBe(4 * (200 + 1 + S));
  expect(stdp('traces')).toBe(4 * batch * (2 * 300 + 2 * 200)); // one trace per side, plus its last-update step
  expect(stdp('modulatorEvents')).toBeUndefined();
  const triplet = at({ rule: 'triplet', wMax: 2 });
  expect(triplet('traces')).toBe(4 * batch * (3 * 300 + 3 * 200));
  const rstdp = at({ rule: 'rstdp', wMax: 2, modulator: { events: Array.from({ length: 40 }, (_, k) => ({ timeMs: k, amount: 1 })) } });
  expect(rstdp('weights')).toBe(2 * 4 * S * batch); // w and the eligibility c
  expect(rstdp('modulatorEvents')).toBe(16 * 40);
  const stp = at({ rule: 'tsodyksMarkram', preset: 'depressing' });
  expect(stp('traces')).toBe(4 * batch * 3 * 300 + 4 * batch * 200); // u, d and the step per pre neuron; the step per post neuron
  expect(at(undefined)('weights')).toBeUndefined();
});

test('normal delays: drawn per synapse, clipped to [low, high] and rounded to steps; their mean matches the clipped distribution; the plan bounds the ring by high and refuses bad bounds', () => {
  const p: ProjectionModel = { ...proj({ rule: 'fixedOutDegree', k: 200 }), delayMs: { dist: 'normal', mean: 1.5, sd: 0.75, low: 0.1, high: 4 } };
  const rows = connect(p, 0, 300, 400, false, { ...CONNECT, dt: 0.1, maxDelaySteps: 100 });
  expect(rows.perSynapseDelay).toBe(true);
  const steps = Array.from({ length: rows.nPre }, (_, i) => Array.from(rows.delay!.subarray(i * rows.maxRow, i * rows.maxRow + rows.rowLength[i]!))).flat();
  expect(steps.length).toBe(300 * 200);
  expect(Math.min(...steps)).toBe(1);
  expect(Math.max(...steps)).toBeLessThanOrEqual(40);
  // The expected step of a normal(15, 7.5) (in steps) clipped to [1, 40] and rounded, by numerical integration.
  let want = 0;
  let mass = 0;
  for (let x = -60; x <= 90; x += 0.001) {
    const d = Math.exp(-0.5 * ((x - 15) / 7.5) ** 2) / (7.5 * Math.sqrt(2 * Math.PI)) * 0.001;
    want += Math.min(40, Math.max(1, Math.round(x))) * d;
    mass += d;
  }
  want /= mass;
  const mean = steps.reduce((a, x) => a + x, 0) / steps.length;
  const sd = Math.sqrt(steps.reduce((a, x) => a + (x - mean) ** 2, 0) / steps.length);
  console.log(`normal delays: mean ${mean.toFixed(3)} steps (clipped-normal expectation ${want.toFixed(3)}), sd ${sd.toFixed(3)}, ${steps.filter((x) => x === 1).length} at the lower bound`);
  expect(Math.abs(mean - want)).toBeLessThan(5 * (sd / Math.sqrt(steps.length)));
  const network = (delayMs: ProjectionModel['delayMs']): NetworkModel => ({
    populations: [{ name: 'a', model: 'poisson', size: 30, params: { rates: 5 } }, { name: 'b', model: 'lif', size: 20 }],
    projections: [{ ...proj({ rule: 'fixedProbability', p: 0.2 }), delayMs }],
  });
  const plan = planNetwork(network({ dist: 'normal', mean: 1.5, sd: 0.75, low: 0.1, high: 4 }), 0.1, { ...OPTS, maxDelaySteps: 100 }, LIMITS);
  expect(plan.projections[0]!.perSynapseDelay).toBe(true);
  // Normal delays are drawn on the GPU too (normalF32: the same steps as connect() above).
  expect(plan.projections[0]!.generation).toBe('gpu');
  // The post population's input ring has one slot per step up to high = 4 ms = 40 steps (20 neurons: 80 bytes, aligned to 256).
  expect(plan.memory.find((m) => m.buffer === 'b.inputExc')!.bytes).toBe(256 * 40);
  expect(() => planNetwork(network({ dist: 'normal', mean: 1.5, sd: 0.75, high: 50 }), 0.1, { ...OPTS, maxDelaySteps: 100 }, LIMITS)).toThrow(/delayMs.high = 50.*maxDelayMs = 10 ms/);
  expect(() => planNetwork(network({ dist: 'normal', mean: 1.5, sd: 0.75, low: 3, high: 2 }), 0.1, { ...OPTS, maxDelaySteps: 100 }, LIMITS)).toThrow(/delayMs.high = 2.*>= low = 3/);
  expect(() => planNetwork(network({ dist: 'normal', mean: 1.5, sd: -1 }), 0.1, { ...OPTS, maxDelaySteps: 100 }, LIMITS)).toThrow(/delayMs.sd = -1/);
});
