/** The equation language on the CPU: parser, units, errors with positions, integrators, the WGSL emitter's output, hostile text. */
import { expect, test } from '@playwright/test';
import { defineNeuronModel, type NeuronModelSpec } from '../../host/equations/neuron-model';
import { EquationError } from '../../host/equations/errors';
import { EquationOracle } from '../../host/equations/oracle';
import { LIF_EQUATIONS } from '../../host/equations/library/lif';
import { IZHIKEVICH_EQUATIONS } from '../../host/equations/library/izhikevich';
import { InvalidParameterError } from '../../host/errors';

const base = { equations: 'dv/dt = -v/tau : mV\ntau : ms', threshold: 'v > 1*mV', reset: 'v = 0*mV', parameters: { tau: 10 }, inputs: { exc: 'v', inh: 'v' } } satisfies NeuronModelSpec;

function errorOf(spec: NeuronModelSpec): EquationError | InvalidParameterError {
  try {
    defineNeuronModel(spec);
  } catch (e) {
    if (e instanceof InvalidParameterError) return e;
    throw e;
  }
  throw new Error('expected the model to be refused');
}

/** Runs the oracle of a one-neuron model for `steps` steps without input; returns the trajectory of `name`. */
function trajectory(spec: NeuronModelSpec, steps: number, dt: number, name: string): number[] {
  const m = defineNeuronModel(spec);
  const o = new EquationOracle(m, m.kernel.resolve('test', {}, 1, dt), 1, 1, 2 ** -16, dt);
  const out: number[] = [];
  for (let s = 0; s < steps; s++) {
    o.step();
    out.push((o.state[name] as Float32Array)[0] as number);
  }
  return out;
}

test('lif written as equations compiles to the WGSL body of the hand-written kernel (snapshot)', () => {
  const m = defineNeuronModel(LIF_EQUATIONS);
  expect(m.method).toBe('exponential_euler');
  expect(m.exact).toBe(true);
  expect(m.compiled.body).toBe(`
    s.iExc = s.iExc + inExc;
    s.iInh = s.iInh + inInh;
    let sg_active = !(s.sg_refr > 0);
    if (!sg_active) {
      s.sg_refr = s.sg_refr - 1;
    }
    let sg_inf_v = (p.vRest + noContract(p.rMem * ((s.iExc + s.iInh) + p.biasCurrent)));
    let sg_n_v = select(s.v, (sg_inf_v + noContract((s.v - sg_inf_v) * p.sg_c0)), sg_active);
    let sg_n_iExc = noContract(s.iExc * p.sg_c1);
    let sg_n_iInh = noContract(s.iInh * p.sg_c2);
    s.v = sg_n_v;
    s.iExc = sg_n_iExc;
    s.iInh = sg_n_iInh;
    if (sg_active && (s.v >= p.vThreshold)) {
      spiked = true;
      s.v = p.vReset;
      s.sg_refr = p.sg_refrSteps;
    }`);
  // The GPU reads only what the body uses: tauMem and the synaptic time constants live in the derived constants.
  expect(m.kernel.paramsLayout.fields.map((f) => f.name)).toEqual(['vRest', 'vThreshold', 'vReset', 'rMem', 'biasCurrent', 'sg_c0', 'sg_c1', 'sg_c2', 'sg_refrSteps']);
  const r = m.kernel.resolve('lif', { tauMem: 20 }, 1, 0.1);
  expect(r.at(0).sg_c0).toBe(Math.fround(Math.exp(-0.1 / 20)));
  expect(r.at(0).sg_refrSteps).toBe(0);
  expect(r.initialState(0)).toEqual({ v: -70, iExc: 0, iInh: 0, sg_refr: 0 });
});

test('the integrator picks the strictest method that applies and says which', () => {
  expect(defineNeuronModel(base).method).toBe('exact');
  const coupled = { ...base, equations: 'dv/dt = (I - v)/tau : mV\ndI/dt = -I/tau : mV\ntau : ms', inputs: { exc: 'I', inh: 'I' } };
  expect(defineNeuronModel(coupled).method).toBe('exponential_euler');
  const cond = { ...base, equations: 'dv/dt = -g*v/C : mV\ndg/dt = -g/tau : uS\ntau : ms\nC : nF', parameters: { tau: 5, C: 1 }, inputs: { exc: 'g', inh: 'g' } };
  expect(defineNeuronModel(cond).method).toBe('exponential_euler');
  expect(defineNeuronModel(cond).exact, 'exp(-g dt / C) is computed on the GPU').toBe(false);
  const quadratic = { ...base, equations: 'dv/dt = v*v/(tau*mV) : mV\ntau : ms' };
  expect(defineNeuronModel(quadratic).method).toBe('rk4');
  expect(defineNeuronModel({ ...quadratic, method: 'euler' }).method).toBe('euler');
  expect(defineNeuronModel({ ...cond, method: { v: 'euler' } }).method).toBe('euler (v), exact (g)');
  expect(errorOf({ ...quadratic, method: 'exact' }).message).toContain('not linear in v');
  expect(errorOf({ ...coupled, method: 'exact' }).message).toContain('change during the step (I)');
  expect(errorOf({ ...quadratic, method: { v: 'rk4' } }).message).toContain("method.v = \"rk4\"");
});

test('integrators converge at their order on dv/dt = -v*v/(tau*mV) (closed form v0 / (1 + v0 t / tau))', () => {
  const spec = (method: 'euler' | 'rk2' | 'rk4') => ({ ...base, threshold: undefined, reset: undefined, method, equations: 'dv/dt = -v*v/(tau*mV) : mV\ntau : ms', initial: { v: 1 } });
  const exact = (t: number) => 1 / (1 + t / 10);
  const err = (method: 'euler' | 'rk2' | 'rk4', dt: number): number => {
    const steps = Math.round(10 / dt);
    const v = trajectory(spec(method), steps, dt, 'v');
    return Math.abs((v[steps - 1] as number) - exact(10));
  };
  const euler = err('euler', 0.5) / err('euler', 0.25);
  const rk2 = err('rk2', 0.5) / err('rk2', 0.25);
  expect(euler).toBeGreaterThan(1.8);
  expect(euler).toBeLessThan(2.2);
  expect(rk2).toBeGreaterThan(3.5);
  expect(rk2).toBeLessThan(4.5);
  expect(err('rk4', 0.5)).toBeLessThan(2e-6);
  // exact: f32 exp(-t/tau) every step
  const v = trajectory({ ...base, threshold: undefined, reset: undefined, initial: { v: 1 } }, 100, 0.1, 'v');
  expect(Math.abs((v[99] as number) - Math.exp(-1))).toBeLessThan(2e-6);
});

test('units are checked as Brian2 checks them (nA*MOhm = mV, uS*mV = nA, nA/nF = mV/ms)', () => {
  const ok = (equations: string) => defineNeuronModel({ ...base, equations, threshold: undefined, reset: undefined, parameters: {} });
  ok('dv/dt = (E - v)/tau + I/C : mV\ndI/dt = -I/tau : nA\nE : mV\ntau : ms\nC : nF');
  ok('dv/dt = (g*(E - v) + I)/C : mV\ndI/dt = -I/tau : nA\ng : uS\nE : mV\ntau : ms\nC : nF');
  ok('dv/dt = (rMem*I - v)/tau : mV\ndI/dt = -I/tau : nA\nrMem : MOhm\ntau : ms');
  ok('dv/dt = -v/tau + 0.5*mV/ms : mV\ndI/dt = 0 : nA\ntau : ms');
  const e = errorOf({ ...base, equations: 'dv/dt = (E - v)/tau + I : mV\ndI/dt = -I/tau : nA\nE : mV\ntau : ms', parameters: {} });
  expect(e).toBeInstanceOf(EquationError);
  expect(e.message).toContain('line 1 column 21');
  expect(e.message).toContain('a sum of mV/ms and nA: the units differ');
  expect(errorOf({ ...base, equations: 'dv/dt = -v : mV\ntau : ms' }).message).toContain('dv/dt has the unit mV, expected mV/ms');
  expect(errorOf({ ...base, threshold: 'v > 1' }).message).toContain('a comparison of mV and 1');
  expect(errorOf({ ...base, equations: 'dv/dt = -v/tau : mV\ntau : furlong' }).message).toContain("'furlong' is not a unit");
  expect(errorOf({ ...base, equations: 'dv/dt = exp(v)/tau : mV\ntau : ms' }).message).toContain('the argument of exp() must be dimensionless, not mV');
});

test('every name must be declared; errors name the field, line and column', () => {
  const e = errorOf({ ...base, equations: 'dv/dt = (-v/tau\n  + w) : mV\ntau : ms' });
  expect(e.message).toContain("equations, line 2 column 5: 'w' is not declared (declared: v, tau)");
  expect(e.message).toContain('\n    + w) : mV\n      ^');
  expect(errorOf({ ...base, equations: 'dv/dt = -v/tau\n  + w : mV\ntau : ms' }).message).toContain("line 1 column 15: expected ':' and a unit");
  expect(errorOf({ ...base, threshold: 'v > vt' }).message).toContain("threshold, line 1 column 5: 'vt' is not declared");
  expect(errorOf({ ...base, reset: 'x = 0*mV' }).message).toContain("reset, line 1 column 1: 'x' is not declared");
  expect(errorOf({ ...base, equations: 'dv/dt = -v/tau : mV\ntau : ms\ntau : ms' }).message).toContain("'tau' is declared twice");
  expect(errorOf({ ...base, equations: 'dv/dt = foo(v)/tau : mV\ntau : ms' }).message).toContain("'foo' is not a function");
  expect(errorOf({ ...base, equations: 'dv/dt = max(v)/tau : mV\ntau : ms' }).message).toContain('max() takes 2 arguments, not 1');
  expect(errorOf({ ...base, equations: 'dv/dt = -v/tau + t*mV/ms/ms : mV\ntau : ms' }).message).toContain('the time t is not available');
  expect(errorOf({ ...base, equations: 'dv/dt = -a/tau : mV\na = b : mV\nb = a : mV\ntau : ms' }).message).toContain("the subexpression 'a' depends on itself");
  expect(errorOf({ ...base, equations: 'dv/dt = -v/tau : mV\ntau : ms', threshold: 'v' }).message).toContain('the threshold must be a condition');
  expect(errorOf({ ...base, parameters: { tau: 10, taux: 1 } }).message).toContain('parameters.taux');
  expect(errorOf({ ...base, inputs: { exc: 'I', inh: 'v' } }).message).toContain('inputs.exc = "I"');
  expect(errorOf({ ...base, equations: 'dv/dt = -v/tau : mV (unless refractory)\ntau : ms' }).message).toContain('no refractory period');
  expect(errorOf({ ...base, equations: 'dv/dt = -v/tau : mV (sometimes)\ntau : ms' }).message).toContain('the flag (sometimes) is not allowed');
  expect(errorOf({ ...base, refractory: -1 }).message).toContain('refractory = -1');
  expect(errorOf({ ...base, method: 'leapfrog' as never }).message).toContain('method = "leapfrog"');
});

test('update statements run every step after the equations; schedule threshold-first tests the spike first, update-last runs the update after the reset', () => {
  const counter = { equations: 'v : mV', update: 'v += 1*mV', threshold: 'v >= 3*mV', reset: 'v = 0*mV', inputs: { exc: 'v', inh: 'v' } } satisfies NeuronModelSpec;
  expect(defineNeuronModel(counter).stateVariables).toEqual(['v']);
  expect(defineNeuronModel(counter).method).toBe('none (no differential equation)');
  expect(trajectory(counter, 6, 0.1, 'v')).toEqual([1, 2, 0, 1, 2, 0]);
  expect(trajectory({ ...counter, schedule: 'threshold-first' }, 6, 0.1, 'v')).toEqual([1, 2, 3, 1, 2, 3]);
  // update-last: the equations, then threshold and reset, then the update (it sees the reset's value).
  const ramp = { equations: 'dv/dt = 1*mV/ms : mV\nc : mV', update: 'c = v', threshold: 'v >= 3*mV', reset: 'v = 0*mV', inputs: { exc: 'v', inh: 'v' } } satisfies NeuronModelSpec;
  expect(trajectory(ramp, 6, 1, 'c')).toEqual([1, 2, 3, 1, 2, 3]);
  expect(trajectory({ ...ramp, schedule: 'update-last' }, 6, 1, 'c')).toEqual([1, 2, 0, 1, 2, 0]);
  expect(trajectory({ ...ramp, schedule: 'threshold-first' }, 6, 1, 'c')).toEqual([1, 2, 3, 1, 2, 3]);
  const last = defineNeuronModel({ ...ramp, schedule: 'update-last' }).compiled.body;
  expect(last.indexOf('s.v = sg_n_v')).toBeLessThan(last.indexOf('spiked = true'));
  expect(last.indexOf('spiked = true')).toBeLessThan(last.indexOf('s.c = s.v'));
  const body = defineNeuronModel({ ...counter, schedule: 'threshold-first' }).compiled.body;
  expect(body.indexOf('spiked = true')).toBeLessThan(body.indexOf('s.v = (s.v + 1.0)'));
  // After the equations: the update sees the new v (exact decay by exp(-dt/tau), derived on the host).
  const after = { ...base, equations: 'dv/dt = -v/tau : mV\nlast : mV\ntau : ms', update: 'last = v', threshold: undefined, reset: undefined, initial: { v: 8 } };
  const m = defineNeuronModel(after);
  expect(m.stateVariables).toEqual(['v', 'last']);
  expect(trajectory(after, 3, 0.5, 'last')).toEqual(trajectory(after, 3, 0.5, 'v'));
  // dt and functions in user statements become constants derived on the host; arithmetic of parameters stays f32.
  const hoisted = defineNeuronModel({ ...base, equations: 'dv/dt = -v/tau : mV\nw : mV\ntau : ms\nq : mV', update: 'w = w*exp(-dt/tau) + (q - q)', parameters: { tau: 10, q: 1 } });
  // exp(-dt/tau) is the exact decay factor of v too: one derived constant serves both.
  expect(hoisted.compiled.body).toContain('s.w = (noContract(s.w * p.sg_c0) + (p.q - p.q));');
  expect(hoisted.kernel.resolve('x', {}, 1, 0.25).at(0).sg_c0).toBe(Math.fround(Math.exp(-0.25 / 10)));
});

test('not_refractory is true outside the refractory period; update and schedule are checked', () => {
  const spec = { equations: 'v : mV\nn : 1', update: 'v += 1*mV\nn += int(not_refractory)', threshold: 'v >= 2*mV', reset: 'v = 0*mV', refractory: 0.2, inputs: { exc: 'v', inh: 'v' } } satisfies NeuronModelSpec;
  // dt 0.1: the spikes at steps 2 and 5 each hold the 2 steps after them (v counts on: the update runs while refractory).
  expect(trajectory(spec, 6, 0.1, 'n')).toEqual([1, 2, 2, 2, 3, 3]);
  expect(errorOf({ ...spec, schedule: 'sideways' as never }).message).toContain('schedule = "sideways"');
  expect(errorOf({ ...spec, update: 'w = 1' }).message).toContain("update, line 1 column 1: 'w' is not declared");
  expect(errorOf({ ...spec, update: 'v += 1' }).message).toContain('the value assigned to v has the unit 1, expected mV');
  expect(errorOf({ ...spec, update: 42 as never }).message).toContain('update = 42');
  expect(errorOf({ ...spec, equations: 'v : mV\nn : 1\nh = v : mV', update: 'h = 1*mV' }).message).toContain("'h' is a subexpression; an update assigns state variables");
  expect(errorOf({ ...spec, initial: { v: 'int(not_refractory)*mV' } }).message).toContain("'not_refractory' changes while the model runs");
  expect(errorOf({ ...spec, equations: 'v : mV\nn : 1\nnot_refractory : 1' }).message).toContain('built-in name');
});

test('names that would collide with WGSL, units, functions or spikegpu are refused', () => {
  for (const name of ['loop', 'var', 'f32', 'select', 'mV', 'exp', 'dt', 'i', 'sg_refr', '_x', '9a']) {
    const e = errorOf({ ...base, equations: `dv/dt = -v/tau : mV\ntau : ms\n${name} : 1` });
    expect(e, name).toBeInstanceOf(InvalidParameterError);
  }
});

test('hostile text never reaches WGSL: characters outside the language are refused with their position', () => {
  const hostile = [
    'dv/dt = -v/tau : mV\ntau : ms\n}\nfn evil() {',
    'dv/dt = -v/tau : mV; @group(0) @binding(9) var<storage> x: array<f32>;',
    'dv/dt = -v/tau`; : mV',
    'dv/dt = -v/tau : mV\ntau : ms /* */',
    'dv/dt = -v/tau : mV\ntau : ms\u2028fn x() {}',
    'dv/dt = -v/tau : mV\ntau : ms\u0000',
    'dv/dt = "v" : mV',
    'dv/dt = -v/tau : mV\ntau : ms {',
    'dv/dt = v.x : mV',
    'dv/dt = -v/tau : mV\ntau : ms\n' + '('.repeat(200) + 'v' + ')'.repeat(200) + ' : mV',
    'x'.repeat(30000),
  ];
  for (const equations of hostile) {
    const e = errorOf({ ...base, equations });
    expect(e, JSON.stringify(equations.slice(0, 60))).toBeInstanceOf(InvalidParameterError);
  }
  for (const field of ['threshold', 'reset', 'update', 'refractory'] as const) {
    for (const text of ['v > 0*mV; }', 'v = 0*mV\n@compute', '`x`', 'v > 0*mV \\ 1']) {
      expect(errorOf({ ...base, [field]: text }), `${field}: ${text}`).toBeInstanceOf(InvalidParameterError);
    }
  }
  // A comment may hold any text: it is dropped by the lexer and never printed (the header is generated from the tree).
  const m = defineNeuronModel({ ...base, equations: 'dv/dt = -v/tau : mV # }\u2028fn evil() { @binding\ntau : ms' });
  expect(m.kernel.shader({ workgroupSize: 64, perNeuronParams: false })).not.toContain('evil');
  expect(errorOf({ ...base, name: 'x y' }).message).toContain('name = "x y"');
});

test('parameters and start values are checked per population', () => {
  const m = defineNeuronModel({ ...base, parameters: {} });
  expect(() => m.kernel.resolve('pop', {}, 3, 0.1)).toThrow(/params\.tau = undefined is not allowed; expected a value \(ms\): the model gives 'tau' no default/);
  expect(() => m.kernel.resolve('pop', { tau: NaN }, 3, 0.1)).toThrow(/params\.tau = NaN/);
  expect(() => m.kernel.resolve('pop', { tau: [1, 2] }, 3, 0.1)).toThrow(/params\.tau/);
  expect(() => m.kernel.resolve('pop', { tau: 1, w: 1 }, 3, 0.1)).toThrow(/unknown|w/);
  const r = m.kernel.resolve('pop', { tau: [1, 2, 4], v: [0.5, 0.25, 2] }, 3, 0.1);
  expect(r.scalar).toBe(false);
  expect(r.initialState(2).v).toBe(2);
  expect(r.at(1).sg_c0).toBe(Math.fround(Math.exp(-0.1 / 2)));
});

test('a variable every step starts at the same constant is not stored (transient), and the oracle agrees', () => {
  // izhikevich's direct-current inputs: Iexc = 0 ends every step, so each step starts them at 0.
  const izh = defineNeuronModel(IZHIKEVICH_EQUATIONS);
  expect(izh.transientVariables).toEqual(['Iexc', 'Iinh']);
  expect(izh.stateVariables).toEqual(['v', 'u']);
  expect(izh.kernel.stateLayout.fields.map((f) => f.name)).toEqual(['v', 'u']);
  expect(izh.compiled.body).toContain('var sg_t_Iexc: f32 = 0.0;');
  expect(() => izh.kernel.resolve('p', { Iexc: 1 }, 1, 0.1)).toThrow(/params\.Iexc = 1 .*not stored, every step starts it at 0/);
  // Not transient: a start value other than the constant, a later reset, an equation, or a conditional write.
  const input = { equations: 'v : mV\nI : mV', update: 'v += I\nI = 0*mV', threshold: 'v >= 3*mV', reset: 'v = 0*mV', inputs: { exc: 'I', inh: 'I' } } satisfies NeuronModelSpec;
  expect(defineNeuronModel(input).transientVariables).toEqual(['I']);
  expect(defineNeuronModel({ ...input, initial: { I: 1 } }).transientVariables).toEqual([]);
  expect(defineNeuronModel({ ...input, reset: 'v = 0*mV\nI = 1*mV' }).transientVariables).toEqual([]);
  expect(defineNeuronModel({ ...input, schedule: 'threshold-first', reset: 'v = 0*mV\nI = 1*mV' }).transientVariables).toEqual(['I']);
  expect(defineNeuronModel({ ...input, update: 'v += I\nI = where(v > 1*mV, 0*mV, I)' }).transientVariables).toEqual([]);
  expect(defineNeuronModel({ ...input, equations: 'v : mV\ndI/dt = -I/(1*ms) : mV', update: 'v += I\nI = 0*mV' }).transientVariables).toEqual([]);
  // The oracle holds it as a local: one unit input per step makes v count 1, 2, then spike and reset.
  const m = defineNeuronModel(input);
  const o = new EquationOracle(m, m.kernel.resolve('test', {}, 1, 0.1), 1, 1, 1, 0.1);
  const v: number[] = [];
  for (let s = 0; s < 4; s++) {
    o.step([1], [0]);
    v.push((o.state.v as Float32Array)[0] as number);
  }
  expect(v).toEqual([1, 2, 0, 1]);
  expect(o.state.I).toBeUndefined();
});

test('randn(): one draw per call and step, only in update and reset statements; the oracle draws normal numbers', () => {
  const where = 'it may appear only in the update and reset statements of a neuron model';
  expect(errorOf({ ...base, equations: 'dv/dt = -v/tau + randn()*mV/ms : mV\ntau : ms' }).message).toContain(`equations, line 1 column 18: randn() draws a new number every step: ${where}`);
  expect(errorOf({ ...base, equations: 'dv/dt = -v/tau + randn()*mV/ms : mV\ntau : ms' }).message).toContain('v += sigma*sqrt(2*dt/tau)*randn()');
  expect(errorOf({ ...base, threshold: 'v > randn()*mV' }).message).toContain(`threshold, line 1 column 5: randn() draws a new number every step`);
  expect(errorOf({ ...base, equations: 'dv/dt = -v/tau : mV\nn = randn()*mV : mV\ntau : ms', update: 'v += n' }).message).toContain(where);
  expect(errorOf({ ...base, initial: { v: 'randn()*mV' } }).message).toContain(where);
  expect(errorOf({ ...base, refractory: 'randn()*ms' }).message).toContain(where);
  expect(errorOf({ ...base, update: 'v += randn(v)*mV' }).message).toContain('randn() takes no arguments, not 1');
  expect(errorOf({ ...base, update: Array.from({ length: 65 }, () => 'v += randn()*mV').join('\n') }).message).toContain('more than 64 calls of randn()');
  // Draws are numbered in the order of the text (update, then reset); draw k uses Philox word 3 = b | k << 20.
  const m = defineNeuronModel({ ...base, equations: 'dv/dt = -v/tau : mV\nx : 1\ny : 1\ntau : ms', update: 'x = randn()\ny = randn() - randn()', threshold: 'v > 1*mV', reset: 'v = randn()*mV' });
  expect(m.compiled.checked.draws).toBe(4);
  expect(m.compiled.body).toContain('s.x = gauss4(philox4x32_10(noiseCounter, noiseKey));');
  expect(m.compiled.body).toContain('noiseCounter.w | 3145728u');
  expect(m.kernel.shader({ workgroupSize: 64, perNeuronParams: false })).toContain('fn gauss4(');
  expect(() => new EquationOracle(m, m.kernel.resolve('t', {}, 1, 0.1), 1, 1, 1, 0.1)).toThrow(/calls randn\(\); give the population's seed and stream/);
  // 200 neurons x 2 instances x 50 steps: x ~ N(0, 1), y ~ N(0, 2), independent of each other and of x the step before.
  const n = 200;
  const o = new EquationOracle(m, m.kernel.resolve('t', {}, n, 0.1), n, 2, 1, 0.1, 'f32', { seed: 7, stream: 3 });
  const xs: number[] = [];
  const ys: number[] = [];
  let lagged = 0;
  let prev: Float32Array | undefined;
  for (let s = 0; s < 50; s++) {
    o.step();
    const x = Float32Array.from(o.state.x as Float32Array);
    for (let k = 0; k < 2 * n; k++) {
      xs.push(x[k] as number);
      ys.push((o.state.y as Float32Array)[k] as number);
      if (prev) lagged += (x[k] as number) * (prev[k] as number);
    }
    prev = x;
  }
  const mean = (a: number[]): number => a.reduce((p, q) => p + q, 0) / a.length;
  const cov = (a: number[], b: number[]): number => mean(a.map((v, k) => v * (b[k] as number))) - mean(a) * mean(b);
  // Standard errors for 20 000 samples: mean 0.007, variance 0.01 (0.02 for y), covariance 0.01.
  expect(Math.abs(mean(xs))).toBeLessThan(0.03);
  expect(Math.abs(cov(xs, xs) - 1)).toBeLessThan(0.05);
  expect(Math.abs(cov(ys, ys) - 2)).toBeLessThan(0.1);
  expect(Math.abs(cov(xs, ys))).toBeLessThan(0.04);
  expect(Math.abs(lagged / (49 * 2 * n))).toBeLessThan(0.04);
  // Instances differ: instance 1's draws are not instance 0's.
  expect(Array.from((o.state.x as Float32Array).subarray(0, n))).not.toEqual(Array.from((o.state.x as Float32Array).subarray(n)));
});
