/**
 * Bad input: every public entry point rejects it with a typed SpikeGpuError that names the object,
 * the field, the value and what is allowed. Each entry runs the call and reports what was thrown.
 */
import { acquireDevice } from '../../host/device';
import { SpikeGpuError } from '../../host/errors';
import type { GpuContext } from '../../host/gpu/context';
import { generateRandomWords } from '../../host/kernels/rng';
import { createPopulation, type PopulationOptions } from '../../host/sim/population';
import type { NetworkModel, ProjectionModel } from '../../host/model/network';

export interface ErrorReport {
  label: string;
  threw: boolean;
  name: string;
  code: string;
  message: string;
  field: string;
}

/**
 * Runs one bad call and reports what it threw (an untyped error is named 'untyped <name>', so a spec
 * expecting a SpikeGpuError class fails on it). Whatever the call returns is destroyed.
 */
export async function attemptCall(label: string, fn: () => unknown): Promise<ErrorReport> {
  try {
    const r = await fn();
    (r as { destroy?: () => void } | undefined)?.destroy?.();
    return { label, threw: false, name: '', code: '', message: '', field: '' };
  } catch (e) {
    const err = e as SpikeGpuError & { field?: string };
    const typed = e instanceof SpikeGpuError;
    return { label, threw: true, name: typed ? err.name : `untyped ${err.name}`, code: typed ? err.code : '', message: String(err.message), field: err.field ?? '' };
  }
}

const lif = (extra: Record<string, unknown>, params: Record<string, unknown> = {}) =>
  ({ model: 'lif', size: 10, dt: 0.1, params, ...extra }) as unknown as PopulationOptions;

export async function badInputErrors(ctx: GpuContext): Promise<ErrorReport[]> {
  const maxBinding = ctx.limits.maxStorageBufferBindingSize;
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['tauMem = 0', () => createPopulation(ctx, lif({}, { tauMem: 0 }))],
    ['tauMem = NaN', () => createPopulation(ctx, lif({}, { tauMem: NaN }))],
    ['tauSynExc < 0', () => createPopulation(ctx, lif({}, { tauSynExc: -1 }))],
    ['vThreshold <= vReset', () => createPopulation(ctx, lif({}, { vThreshold: -70, vReset: -60 }))],
    ['vThreshold <= vReset per neuron', () => createPopulation(ctx, lif({ size: 3 }, { vThreshold: [-50, -50, -80], vReset: -70 }))],
    ['size = 0', () => createPopulation(ctx, lif({ size: 0 }))],
    ['size not an integer', () => createPopulation(ctx, lif({ size: 2.5 }))],
    ['size above device limit', () => createPopulation(ctx, lif({ size: Math.floor(maxBinding / 16) + 1 }))],
    ['negative refractory period', () => createPopulation(ctx, lif({}, { refractoryMs: -1 }))],
    ['dt = 0', () => createPopulation(ctx, lif({ dt: 0 }))],
    ['dt < 0', () => createPopulation(ctx, lif({ dt: -0.1 }))],
    ['array of wrong length', () => createPopulation(ctx, lif({ size: 4 }, { biasCurrent: [1, 2, 3] }))],
    ['NaN inside a per-neuron array', () => createPopulation(ctx, lif({ size: 3 }, { vRest: [-70, NaN, -70] }))],
    ['unknown option (typo)', () => createPopulation(ctx, lif({ bacth: 2 }))],
    ['unknown parameter (typo)', () => createPopulation(ctx, lif({}, { tauMemb: 20 }))],
    ['unknown model', () => createPopulation(ctx, lif({ model: 'hodgkin' }))],
    ['batch = 0', () => createPopulation(ctx, lif({ batch: 0 }))],
    ['workgroupSize above the device limit', () => createPopulation(ctx, lif({ workgroupSize: 100_000 }))],
    ['reset mode unknown', () => createPopulation(ctx, lif({}, { reset: 'medium' }))],
    ['vRest and vLeak both given', () => createPopulation(ctx, lif({}, { vRest: -70, vLeak: -65 }))],
    ['alif without beta', () => createPopulation(ctx, { model: 'alif', size: 10, dt: 0.1, params: {} } as unknown as PopulationOptions)],
    ['poisson negative rate', () => createPopulation(ctx, { model: 'poisson', size: 2, dt: 1, params: { rates: [5, -1] } })],
    ['poisson rate above 1/dt', () => createPopulation(ctx, { model: 'poisson', size: 2, dt: 1, params: { rates: 2000 } })],
    ['poisson without rates', () => createPopulation(ctx, { model: 'poisson', size: 2, dt: 1 } as unknown as PopulationOptions)],
    ['spike array index out of range', () => createPopulation(ctx, { model: 'spikeArray', size: 5, dt: 1, params: { times: [1, 2], indices: [0, 5] } })],
    ['spike array lengths differ', () => createPopulation(ctx, { model: 'spikeArray', size: 5, dt: 1, params: { times: [1, 2], indices: [0] } })],
    ['spike array negative time', () => createPopulation(ctx, { model: 'spikeArray', size: 5, dt: 1, params: { times: [-1], indices: [0] } })],
    ['izhikevich a = Infinity', () => createPopulation(ctx, { model: 'izhikevich', size: 2, dt: 1, params: { a: Infinity } })],
    ['seed negative', () => createPopulation(ctx, lif({ seed: -1 }))],
    ['writeState wrong length', async () => (await createPopulation(ctx, lif({}))).writeState({ v: [1, 2] })],
    ['writeState unknown variable', async () => (await createPopulation(ctx, lif({}))).writeState({ w: new Float32Array(10) })],
    ['addInput outside fixed-point range', async () => (await createPopulation(ctx, lif({ size: 1 }))).addInput('exc', [1e6])],
    ['run with negative steps', async () => (await createPopulation(ctx, lif({}))).run(-5)],
    ['setParams changes reset mode', async () => (await createPopulation(ctx, lif({}))).setParams({ reset: 'soft' })],
    ['setParams with bad value', async () => (await createPopulation(ctx, lif({}))).setParams({ tauMem: -3 })],
    ['generateRandomWords count = 0', () => generateRandomWords(ctx, { count: 0, seed: 1 })],
    ['generateRandomWords seed not an integer', () => generateRandomWords(ctx, { count: 4, seed: 0.5 })],
    ['acquireDevice bad powerPreference', () => acquireDevice({ powerPreference: 'turbo' as GPUPowerPreference })],
    ['population used after destroy', async () => {
      const p = await createPopulation(ctx, lif({}));
      p.destroy();
      return p.run(1);
    }],
  ];
  const reports: ErrorReport[] = [];
  for (const [label, fn] of cases) reports.push(await attemptCall(label, fn));
  return reports;
}

/** Bad network models: each error names the JSON path of the field. */
export async function badNetworkErrors(ctx: GpuContext): Promise<ErrorReport[]> {
  const { Simulator } = await import('../../host/sim/simulator');
  const base = (): NetworkModel => ({
    populations: [
      { name: 'in', model: 'poisson', size: 10, params: { rates: 10 } },
      { name: 'e', model: 'lif', size: 20 },
    ],
    projections: [{ name: 'p', pre: 'in', post: 'e', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.1 }, weight: 1, delayMs: 1 }],
  });
  const withProj = (patch: Record<string, unknown>): NetworkModel => {
    const n = base();
    n.projections[0] = { ...n.projections[0]!, ...patch } as ProjectionModel;
    return n;
  };
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['unknown pre population', () => Simulator.build(ctx, withProj({ pre: 'nope' }), { dt: 0.5 })],
    ['unknown post population', () => Simulator.build(ctx, withProj({ post: 'nope' }), { dt: 0.5 })],
    ['probability above 1', () => Simulator.build(ctx, withProj({ connectivity: { rule: 'fixedProbability', p: 1.5 } }), { dt: 0.5 })],
    ['probability NaN', () => Simulator.build(ctx, withProj({ connectivity: { rule: 'fixedProbability', p: NaN } }), { dt: 0.5 })],
    ['delay above the maximum', () => Simulator.build(ctx, withProj({ delayMs: 500 }), { dt: 0.5, maxDelayMs: 100 })],
    ['dt does not divide the delay', () => Simulator.build(ctx, withProj({ delayMs: 1.2 }), { dt: 0.5 })],
    ['fixed in-degree above the pre size', () => Simulator.build(ctx, withProj({ connectivity: { rule: 'fixedInDegree', k: 11 } }), { dt: 0.5 })],
    ['NaN population parameter', () => {
      const n = base();
      n.populations[1] = { name: 'e', model: 'lif', size: 20, params: { tauMem: NaN } };
      return Simulator.build(ctx, n, { dt: 0.5 });
    }],
    ['NaN weight', () => Simulator.build(ctx, withProj({ weight: NaN }), { dt: 0.5 })],
    ['duplicate population name', () => {
      const n = base();
      n.populations.push({ name: 'e', model: 'lif', size: 3 });
      return Simulator.build(ctx, n, { dt: 0.5 });
    }],
    ['projection onto a poisson source', () => Simulator.build(ctx, withProj({ post: 'in' }), { dt: 0.5 })],
    ['negative weight onto a conductance channel', () => {
      const n = base();
      n.populations[1] = { name: 'e', model: 'lifCond', size: 20 };
      n.projections[0] = { ...n.projections[0]!, weight: { dist: 'uniform', low: -0.001, high: 0.01 } };
      return Simulator.build(ctx, n, { dt: 0.5 });
    }],
    ['dense storage for a sparse rule', () => Simulator.build(ctx, withProj({ storage: 'dense' }), { dt: 0.5 })],
    ['explicit index out of range', () => Simulator.build(ctx, withProj({ connectivity: { rule: 'explicit', pre: [0, 10], post: [0, 0] } }), { dt: 0.5 })],
    ['run with both steps and durationMs', async () => (await Simulator.build(ctx, base(), { dt: 0.5 })).run({ steps: 1, durationMs: 1 })],
    ['record an unknown population', async () => (await Simulator.build(ctx, base(), { dt: 0.5 })).run({ steps: 1, record: ['x'] })],
  ];
  const reports: ErrorReport[] = [];
  for (const [label, fn] of cases) reports.push(await attemptCall(label, fn));
  return reports;
}
