/** Derived constants and defaults of the neuron kernels (pure TypeScript, no GPU). */
import { expect, test } from '@playwright/test';
import { alifKernel } from '../../host/kernels/alif';
import { izhikevichKernel } from '../../host/kernels/izhikevich';
import { LIF_DEFAULTS, lifKernel } from '../../host/kernels/lif';
import { cacheKey } from '../../host/gpu/pipelines';
import { resolvePoissonRates } from '../../host/kernels/poisson';

test('lif decay factors are exp(-dt/tau) computed in float64 and rounded once to f32', () => {
  const r = lifKernel.resolve('t', { tauMem: 20, tauSynExc: 5, tauSynInh: 0 }, 1, 0.1);
  const p = r.at(0);
  expect(p.alphaMem).toBe(Math.fround(Math.exp(-0.1 / 20)));
  expect(p.alphaExc).toBe(Math.fround(Math.exp(-0.1 / 5)));
  expect(p.alphaInh).toBe(0); // tau = 0: direct current input
  expect(r.scalar).toBe(true);
});

test('lif defaults and refractory rounding to whole steps', () => {
  const r = lifKernel.resolve('t', { refractoryMs: 2.04 }, 1, 0.1);
  const p = r.at(0);
  expect(p.vThreshold).toBe(LIF_DEFAULTS.vThreshold);
  expect(p.vRest).toBe(LIF_DEFAULTS.vRest);
  expect(p.refractorySteps).toBe(20);
  expect(r.initialState(0)).toEqual({ v: LIF_DEFAULTS.vRest, iExc: 0, iInh: 0, refr: 0 });
  // No Poisson input by default: exp(-0) = 1 and weight 0, and no draws compiled in.
  expect(r.options).toEqual({ softReset: false, poisson: false });
  expect(p.poissonLimit).toBe(1);
  expect(p.poissonWeight).toBe(0);
});

test('per-neuron arrays switch to the per-neuron params path; vLeak is an alias of vRest', () => {
  const r = lifKernel.resolve('t', { vLeak: [-60, -65], vThreshold: -40 }, 2, 1);
  expect(r.scalar).toBe(false);
  expect(r.at(1).vRest).toBe(-65);
});

test('alif adaptation constants', () => {
  const r = alifKernel.resolve('t', { beta: 2, tauAdapt: 100, reset: 'soft' }, 1, 1);
  const rho = Math.exp(-1 / 100);
  expect(r.at(0).rhoAdapt).toBe(Math.fround(rho));
  expect(r.at(0).oneMinusRho).toBe(Math.fround(1 - rho));
  expect(r.options).toEqual({ softReset: true });
});

test('izhikevich initial u = b * v0 as in the paper', () => {
  const r = izhikevichKernel.resolve('t', { b: 0.25, v0: -70 }, 1, 1);
  expect(r.initialState(0)).toEqual({ v: -70, u: Math.fround(Math.fround(0.25) * -70) });
});

test('poisson rates become f32 and are bounded by 1/dt', () => {
  expect(Array.from(resolvePoissonRates('t', { rates: [0, 999.9] }, 2, 1))).toEqual([0, Math.fround(999.9)]);
  expect(() => resolvePoissonRates('t', { rates: 1001 }, 1, 1)).toThrow(/rates = 1001/);
});

test('pipeline cache keys are the kernel name plus sorted compile-time options', () => {
  expect(cacheKey('lif', { workgroupSize: 64, softReset: true, perNeuronParams: false })).toBe('lif{perNeuronParams=false,softReset=true,workgroupSize=64}');
});

test('the generated WGSL follows the compile-time options', () => {
  const hard = lifKernel.shader({ workgroupSize: 64, perNeuronParams: true, softReset: false });
  const soft = lifKernel.shader({ workgroupSize: 128, perNeuronParams: false, softReset: true });
  expect(hard).toContain('s.v = p.vReset;');
  expect(hard).not.toContain('s.v = s.v - (p.vThreshold - p.vReset);');
  expect(hard).toContain('var<storage, read> params: array<Params>;');
  expect(soft).toContain('s.v = s.v - (p.vThreshold - p.vReset);');
  expect(soft).toContain('var<uniform> popParams: Params;');
  expect(soft).toContain('@workgroup_size(128)');
  expect(hard.startsWith('// lif')).toBe(true);
});

test("propagate's 'auto' strategy: a workgroup per row on hardware adapters for rows of at least 32 synapses, else a thread per spike", async () => {
  const { chooseStrategy, WORKGROUP_ROW_MIN } = await import('../../host/kernels/propagate');
  expect(WORKGROUP_ROW_MIN).toBe(32);
  expect(chooseStrategy(80, false)).toBe('workgroup');
  expect(chooseStrategy(32, false)).toBe('workgroup');
  expect(chooseStrategy(31, false)).toBe('thread');
  expect(chooseStrategy(10_000, true)).toBe('thread');
});

test("fused 'auto' thresholds by adapter class: 8192 neurons on software adapters, 4096 on hardware", async () => {
  const { fusedAutoMaxNeurons } = await import('../../host/kernels/fused');
  expect(fusedAutoMaxNeurons(true)).toBe(8192);
  expect(fusedAutoMaxNeurons(false)).toBe(4096);
});
