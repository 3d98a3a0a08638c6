/**
 * Bad input: every public entry point rejects it with a typed SpikeGpuError that names the object,
 * the field, the value and what is allowed. Each entry runs the call and reports what was thrown.
 */
import { acquireDevice } from '../../host/device';
import { SpikeGpuError } from '../../host/errors';
import type { GpuContext } from '../../host/gpu/context';
import { generateRandomWords } from '../../host/kernels/rng';
import { createPopulation, type PopulationOptions } from '../../host/sim/population';

export interface ErrorReport {
  label: string;
  threw: boolean;
  name: string;
  code: string;
  message: string;
  field: string;
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
  for (const [label, fn] of cases) {
    try {
      await fn();
      reports.push({ label, threw: false, name: '', code: '', message: '', field: '' });
    } catch (e) {
      const err = e as SpikeGpuError & { field?: string };
      reports.push({
        label, threw: true, name: err.name, code: e instanceof SpikeGpuError ? err.code : '', message: String(err.message), field: err.field ?? '',
      });
    }
  }
  return reports;
}
