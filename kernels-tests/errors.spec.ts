/** Bad input gets a typed SpikeGpuError naming the object, the field, the value and what is allowed. */
import type { ErrorReport } from './cases/errors';
import { expect, test } from './harness/fixtures';

type Expectations = Record<string, { name: string; mentions: string[] }>;

/** Exactly the expected cases ran; each threw the expected SpikeGpuError class, with a code, mentioning every expected text. */
function expectReports(reports: ErrorReport[], want: Expectations): void {
  expect(reports.map((r) => r.label).sort()).toEqual(Object.keys(want).sort());
  for (const r of reports) {
    const w = want[r.label]!;
    expect(r.threw, `${r.label} must throw`).toBe(true);
    expect(r.name, `${r.label}: ${r.message}`).toBe(w.name);
    expect(r.code, r.label).not.toBe('');
    for (const m of w.mentions) expect(r.message, `${r.label} message mentions ${m}`).toContain(m);
  }
}

const EXPECT: Expectations = {
  'tauMem = 0': { name: 'InvalidParameterError', mentions: ['tauMem', '= 0', '> 0'] },
  'tauMem = NaN': { name: 'InvalidParameterError', mentions: ['tauMem', 'NaN'] },
  'tauSynExc < 0': { name: 'InvalidParameterError', mentions: ['tauSynExc', '-1', '>= 0'] },
  'vThreshold <= vReset': { name: 'InvalidParameterError', mentions: ['vThreshold', '-70', 'vReset'] },
  'vThreshold <= vReset per neuron': { name: 'InvalidParameterError', mentions: ['vThreshold[2]', '-80'] },
  'size = 0': { name: 'InvalidParameterError', mentions: ['size', '= 0', 'integer'] },
  'size not an integer': { name: 'InvalidParameterError', mentions: ['size', '2.5'] },
  'size above device limit': { name: 'LimitExceededError', mentions: ['size', 'maxStorageBufferBindingSize'] },
  'negative refractory period': { name: 'InvalidParameterError', mentions: ['refractoryMs', '-1'] },
  'dt = 0': { name: 'InvalidParameterError', mentions: ['dt', '> 0'] },
  'dt < 0': { name: 'InvalidParameterError', mentions: ['dt', '-0.1'] },
  'array of wrong length': { name: 'InvalidParameterError', mentions: ['biasCurrent', 'length 3', 'length 4'] },
  'NaN inside a per-neuron array': { name: 'InvalidParameterError', mentions: ['vRest[1]', 'NaN'] },
  'unknown option (typo)': { name: 'InvalidParameterError', mentions: ['bacth', 'batch'] },
  'unknown parameter (typo)': { name: 'InvalidParameterError', mentions: ['tauMemb', 'tauMem'] },
  'unknown model': { name: 'InvalidParameterError', mentions: ['model', 'hodgkin', 'lif'] },
  'batch = 0': { name: 'InvalidParameterError', mentions: ['batch', '= 0'] },
  'workgroupSize above the device limit': { name: 'InvalidParameterError', mentions: ['workgroupSize', '100000', 'an integer in [1, '] },
  'reset mode unknown': { name: 'InvalidParameterError', mentions: ['reset', 'medium', 'hard'] },
  'vRest and vLeak both given': { name: 'InvalidParameterError', mentions: ['vLeak', 'alias'] },
  'alif without beta': { name: 'InvalidParameterError', mentions: ['beta', 'undefined'] },
  'poisson negative rate': { name: 'InvalidParameterError', mentions: ['rates[1]', '-1', 'Hz'] },
  'poisson rate above 1/dt': { name: 'InvalidParameterError', mentions: ['rates', '2000', '1000 Hz'] },
  'poisson without rates': { name: 'InvalidParameterError', mentions: ['rates', 'undefined'] },
  'spike array index out of range': { name: 'InvalidParameterError', mentions: ['indices[1]', '5', '[0, 4]'] },
  'spike array lengths differ': { name: 'InvalidParameterError', mentions: ['indices', 'as long as times (2)'] },
  'spike array negative time': { name: 'InvalidParameterError', mentions: ['times[0]', '-1', '>= 0'] },
  'izhikevich a = Infinity': { name: 'InvalidParameterError', mentions: ['izhikevich', ' a = Infinity', 'finite'] },
  'seed negative': { name: 'InvalidParameterError', mentions: ['seed', '-1'] },
  'writeState wrong length': { name: 'InvalidParameterError', mentions: ['state.v', 'length 2', '10'] },
  'writeState unknown variable': { name: 'InvalidParameterError', mentions: ['state.w', 'iExc'] },
  'addInput outside fixed-point range': { name: 'InvalidParameterError', mentions: ['values[0]', '1000000', 'fixed-point'] },
  'run with negative steps': { name: 'InvalidParameterError', mentions: ['steps', '-5'] },
  'setParams changes reset mode': { name: 'InvalidParameterError', mentions: ['softReset', 'fixed when the population was created'] },
  'setParams with bad value': { name: 'InvalidParameterError', mentions: ['tauMem', '-3'] },
  'generateRandomWords count = 0': { name: 'InvalidParameterError', mentions: ['generateRandomWords', 'count', '= 0'] },
  'generateRandomWords seed not an integer': { name: 'InvalidParameterError', mentions: ['seed', '0.5'] },
  'acquireDevice bad powerPreference': { name: 'InvalidParameterError', mentions: ['powerPreference', 'turbo', 'low-power'] },
  'population used after destroy': { name: 'DestroyedError', mentions: ['destroy'] },
};

test('every bad input gets a typed error naming the object, field, value and what is allowed', async ({ gpu }) => {
  const reports = (await gpu.run('badInputErrors')) as ErrorReport[];
  expectReports(reports, EXPECT);
  console.log(`[${gpu.runtime}] ${reports.length} bad inputs rejected; e.g. ${reports[0]?.message}`);
});

const NETWORK_EXPECT: Expectations = {
  'unknown pre population': { name: 'InvalidParameterError', mentions: ['projections[0].pre', 'nope', '"in", "e"'] },
  'unknown post population': { name: 'InvalidParameterError', mentions: ['projections[0].post', 'nope'] },
  'probability above 1': { name: 'InvalidParameterError', mentions: ['projections[0].connectivity.p', '1.5', '[0, 1]'] },
  'probability NaN': { name: 'InvalidParameterError', mentions: ['connectivity.p', 'NaN'] },
  'delay above the maximum': { name: 'InvalidParameterError', mentions: ['delayMs', '500', 'maxDelayMs'] },
  'dt does not divide the delay': { name: 'InvalidParameterError', mentions: ['delayMs', '1.2', 'multiple of dt = 0.5'] },
  'fixed in-degree above the pre size': { name: 'InvalidParameterError', mentions: ['connectivity.k', '11', '[0, 10]'] },
  'NaN population parameter': { name: 'InvalidParameterError', mentions: ['populations[1]', 'tauMem', 'NaN'] },
  'NaN weight': { name: 'InvalidParameterError', mentions: ['projections[0].weight', 'NaN'] },
  'duplicate population name': { name: 'InvalidParameterError', mentions: ['populations[2].name', '"e"'] },
  'projection onto a poisson source': { name: 'InvalidParameterError', mentions: ['projections[0].post', 'poisson'] },
  'negative weight onto a conductance channel': { name: 'InvalidParameterError', mentions: ['projections[0].weight.low', '-0.001', '>= 0', 'lifCond'] },
  'dense storage for a sparse rule': { name: 'InvalidParameterError', mentions: ['projections[0].storage', '"dense"', 'allToAll'] },
  'explicit index out of range': { name: 'InvalidParameterError', mentions: ['connectivity.pre[1]', '10', '[0, 9]'] },
  'run with both steps and durationMs': { name: 'InvalidParameterError', mentions: ['steps', 'exactly one of steps or durationMs'] },
  'record an unknown population': { name: 'InvalidParameterError', mentions: ['population', '"x"', '"in", "e"'] },
};

test('bad network models get typed errors naming the JSON path, the value and what is allowed', async ({ gpu }) => {
  expectReports((await gpu.run('badNetworkErrors')) as ErrorReport[], NETWORK_EXPECT);
});

const RUNTIME_EXPECT: Expectations = {
  'izhikevich dt = 1e300': { name: 'InvalidParameterError', mentions: ['dt = 1e+300', 'f32 range'] },
  'biasCurrent = 1e300': { name: 'InvalidParameterError', mentions: ['biasCurrent = 1e+300', 'f32 range'] },
  'vThreshold = 1e39, vReset = 1e38': { name: 'InvalidParameterError', mentions: ['vThreshold = 1e+39', 'f32 range'] },
  'lifCond derived gLeak = cMem / tauMem overflows f32': { name: 'InvalidParameterError', mentions: ['derived.gLeak = Infinity', 'finite in f32'] },
  'tauMem positive in f64, 0 in f32': { name: 'InvalidParameterError', mentions: ['tauMem = 1e-50', '> 0 within the f32 range'] },
  'network parameter beyond f32': { name: 'InvalidParameterError', mentions: ['populations[1]', 'vRest = -1e+39'] },
  'params = 5 (population)': { name: 'InvalidParameterError', mentions: ['params = 5', 'an object of lif parameters'] },
  'params = 5 (network)': { name: 'InvalidParameterError', mentions: ['populations[1]', 'params = 5'] },
  'params = [] (poisson)': { name: 'InvalidParameterError', mentions: ['params = an array', 'rates'] },
  'standalone population v -> Inf, found by record': { name: 'NonFiniteStateError', mentions: ['neuron 5', 'instance 0', 'at step 0'] },
  'standalone population v -> Inf, found by readState after run': { name: 'NonFiniteStateError', mentions: ['neuron 5', 'instance 0', 'at step 0', 'detected at step 20'] },
  'pop.record(2**33)': { name: 'InvalidParameterError', mentions: ['steps = 8589934592', '2147483647'] },
  'pop.run(2**33)': { name: 'InvalidParameterError', mentions: ['steps = 8589934592', '2147483647'] },
  'steps past the u32 step counter': { name: 'LimitExceededError', mentions: ['steps needs 4294967306', 'step counter allows at most 4294967295', 'reset()'] },
  'pop.record beyond the host-memory cap': { name: 'LimitExceededError', mentions: ['spikes bytes', 'host memory', 'at most 2147483 steps per call'] },
  'sim.run({ steps: 2**33 })': { name: 'InvalidParameterError', mentions: ['Simulator.run', 'steps = 8589934592'] },
  'sim.run(undefined)': { name: 'InvalidParameterError', mentions: ['options = undefined', 'steps'] },
  'sim.run({ durationMs: 0.04 }) at dt 0.1': { name: 'InvalidParameterError', mentions: ['durationMs = 0.04', 'dt = 0.1'] },
  'sim.run record not an array': { name: 'InvalidParameterError', mentions: ['record = "e"', 'array of population names'] },
  'sim.run records too much': { name: 'LimitExceededError', mentions: ["population 'e'", 'spikes bytes', 'steps per call'] },
  'sim.readCounters() after destroy': { name: 'DestroyedError', mentions: ['Simulator', 'destroy()'] },
  'sim.run after destroy': { name: 'DestroyedError', mentions: ['Simulator', 'destroy()'] },
  'sim.reset after destroy': { name: 'DestroyedError', mentions: ['Simulator'] },
  'sim.population after destroy': { name: 'DestroyedError', mentions: ['Simulator'] },
  'Simulator.build of 2 x 1e5 neurons, p = 0.5, normal weights': { name: 'LimitExceededError', mentions: ['a->b.ind', 'maxStorageBufferBindingSize', 'MiB in all'] },
  'Simulator.build of one population of 2^31 - 1 neurons': { name: 'LimitExceededError', mentions: ['big.state', 'maxStorageBufferBindingSize', 'MiB in all'] },
  'Simulator.build of a Poisson source of 2^31 - 1 neurons': { name: 'LimitExceededError', mentions: ['src.spikeList', 'maxStorageBufferBindingSize'] },
  'weights header without tensors': { name: 'InvalidParameterError', mentions: ['weights file', 'tensors = undefined'] },
  'weights header not JSON': { name: 'InvalidParameterError', mentions: ['weights file', 'header', 'JSON', 'corrupt'] },
  'weights header a JSON array': { name: 'InvalidParameterError', mentions: ['weights file', 'header', 'JSON object'] },
  'weights tensor shape and length disagree': { name: 'InvalidParameterError', mentions: ['tensors[0].shape', 'product is the length (4)'] },
  'weights tensor with a negative offset': { name: 'InvalidParameterError', mentions: ['tensors[0].offset = -1'] },
  'Trainer.load of a corrupt file': { name: 'InvalidParameterError', mentions: ['tensors = "all of them"'] },
  'device lost during readState': { name: 'DeviceLostError', mentions: ['device lost', 'destroyed'] },
  'readState after the device was lost': { name: 'DeviceLostError', mentions: ['device lost'] },
  'SGD with lr 1e30 and onDivergence: error': { name: 'TrainingDivergedError', mentions: ['diverged', 'optimizer.lr = 1e+30', 'first batch'] },
};

test('runs, recordings, files and the device: typed errors for every fault; a diverging loss warns once', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = (await gpu.run('runtimeErrors')) as { reports: ErrorReport[]; divergence: { warnings: string[]; history: { loss: number; diverged?: boolean }[] }; refusalMs: number; bigRefusalMs: number };
  // The plan refuses from sizes alone (measured ~0.1 s, most of it validating 2e5 neurons' parameters); generation would take hours.
  // The bounds are over 1000 times what the refusals take here (a few ms each) and far below what
  // generating 5e9 synapses or a loop over 2^31 neurons takes (minutes to hours): they tell a plan from a
  // loop on any machine, however loaded, not a fast machine from a slow one.
  expect(r.refusalMs, 'the huge model is refused without generating it').toBeLessThan(10_000);
  expect(r.bigRefusalMs, 'two populations of 2^31 - 1 neurons are refused without a loop over their neurons').toBeLessThan(10_000);
  expectReports(r.reports, RUNTIME_EXPECT);
  // The default: one console warning naming the learning rate, every diverged epoch flagged.
  expect(r.divergence.warnings).toHaveLength(1);
  expect(r.divergence.warnings[0]).toContain('optimizer.lr = 1e+30');
  expect(r.divergence.history.length).toBe(3);
  for (const e of r.divergence.history) expect(e.diverged).toBe(true);
  console.log(`[${gpu.runtime}] huge model refused in ${r.refusalMs.toFixed(0)} ms; two of 2^31 - 1 neurons in ${r.bigRefusalMs.toFixed(0)} ms`);
  console.log(`[${gpu.runtime}] ${r.reports.length} run-time faults rejected; divergence warning: ${r.divergence.warnings[0]}`);
});

const PLASTIC_EXPECT: Expectations = {
  'wMin above wMax': { name: 'InvalidParameterError', mentions: ["projection 'learn'", "rule 'stdp'", 'wMin = 2', 'below wMax = 1'] },
  'tauPlus = 0': { name: 'InvalidParameterError', mentions: ["projection 'learn'", "rule 'stdp'", 'tauPlus = 0', '> 0'] },
  'tauMinus = NaN': { name: 'InvalidParameterError', mentions: ["rule 'stdp'", 'tauMinus = NaN'] },
  'unknown rule': { name: 'InvalidParameterError', mentions: ['projections[0].synapse.rule = "bcm"', '"stdp"'] },
  'unknown rule parameter': { name: 'InvalidParameterError', mentions: ["rule 'stdp'", 'tauPlsu = 20', 'tauPlus'] },
  'stdp without wMax': { name: 'InvalidParameterError', mentions: ["rule 'stdp'", 'wMax = undefined', 'largest weight'] },
  'mu without the gutig dependence': { name: 'InvalidParameterError', mentions: ['mu = 0.5', "'gutig'"] },
  'gutig without mu': { name: 'InvalidParameterError', mentions: ['mu = undefined', 'Gütig exponent'] },
  'unknown pairing': { name: 'InvalidParameterError', mentions: ['pairing = "triplet"', '"allToAll", "nearest"'] },
  'dendritic delay not a multiple of dt': { name: 'InvalidParameterError', mentions: ['dendriticDelayMs = 0.7', 'multiple of dt = 0.5'] },
  'negative dendritic delay': { name: 'InvalidParameterError', mentions: ['dendriticDelayMs = -1', '>= 0'] },
  'synapse not an object': { name: 'InvalidParameterError', mentions: ['projections[0].synapse = "plastic"', "'static' or an object"] },
  'plasticity on a procedural projection': { name: 'InvalidParameterError', mentions: ['projections[0].storage = "procedural"', 'plastic synapse needs stored weights'] },
  'plasticity with a delay per synapse': { name: 'InvalidParameterError', mentions: ['projections[0].delayMs', 'one delay for the projection'] },
  'initial weight above wMax': { name: 'InvalidParameterError', mentions: ['projections[0].weight = 2', '[wMin, wMax] = [0, 1]'] },
  'initial uniform weights below wMin': { name: 'InvalidParameterError', mentions: ['projections[0].weight.low = -0.5'] },
  'fused on with a plastic projection': { name: 'InvalidParameterError', mentions: ['fused = "on"', "projection 'learn' is plastic"] },
  'schema: rule name with a quote': { name: 'InvalidParameterError', mentions: ['/projections/0/synapse/rule', 'pattern'] },
  'setWeights of the wrong length': { name: 'InvalidParameterError', mentions: ["projection 'learn'", 'length 53', '52 weights'] },
  'setWeights with NaN': { name: 'InvalidParameterError', mentions: ["projection 'learn'", 'weights[3] = NaN'] },
  'setWeights above wMax': { name: 'InvalidParameterError', mentions: ['weights[0] = 1.5', '[wMin, wMax] = [0, 1]'] },
  'setWeights on a static projection': { name: 'InvalidParameterError', mentions: ["projection 'fixed'", 'a plastic synapse'] },
  'weights of an unknown projection': { name: 'InvalidParameterError', mentions: ['projection = "nope"', '"learn", "fixed"'] },
  'a weight turns Inf during a run': { name: 'NonFiniteWeightError', mentions: ["Projection 'learn'", 'Inf or NaN at step', 'synapse', 'instance 0'] },
};

const IPE = 'InvalidParameterError';
const MODULATOR_EXPECT: Expectations = {
  'modulator on a rule that reads none': { name: IPE, mentions: ["projection 'learn'", "rule 'stdp'", 'modulator = ', 'reads no neuromodulator'] },
  'modulator tauMs = 0': { name: IPE, mentions: ["rule 'rstdp'", 'modulator.tauMs = 0', '> 0'] },
  'modulator with an unknown key': { name: IPE, mentions: ["rule 'rstdp'", 'tau = 200', 'tauMs'] },
  'modulator population unknown': { name: IPE, mentions: ['projections[0].synapse.modulator.population = "dopamine"', '"in", "out"'] },
  'modulator population without perSpike': { name: IPE, mentions: ["rule 'rstdp'", 'modulator.perSpike = undefined'] },
  'modulator event time NaN': { name: IPE, mentions: ["rule 'rstdp'", 'modulator.events[0].timeMs = NaN', '>= 0'] },
  'modulator event off the dt grid': { name: IPE, mentions: ['modulator.events[0].timeMs = 10.3', 'multiple of dt = 0.5'] },
  'modulator event amount Infinity': { name: IPE, mentions: ['modulator.events[0].amount = Infinity', 'finite'] },
  'modulator event mode unknown': { name: IPE, mentions: ['modulator.events[0].mode = "multiply"', '"add", "set"'] },
  'rstdp tauC negative': { name: IPE, mentions: ["projection 'learn'", "rule 'rstdp'", 'tauC = -5', '> 0'] },
  'mstdpet without gamma': { name: IPE, mentions: ["rule 'mstdpet'", 'gamma = undefined', 'learning rate'] },
  'triplet unknown preset': { name: IPE, mentions: ["rule 'triplet'", 'preset = "visualCortex"', '"visualCortexAllToAllFull"'] },
  'tsodyksMarkram U above 1': { name: IPE, mentions: ["rule 'tsodyksMarkram'", 'U = 1.5', '(0, 1]'] },
  'tsodyksMarkram without U or a preset': { name: IPE, mentions: ["rule 'tsodyksMarkram'", 'U = undefined', "'depressing'"] },
  'setModulator of the wrong length': { name: IPE, mentions: ["projection 'learn'", 'length 3', '2 values'] },
  'setModulator with NaN': { name: IPE, mentions: ["projection 'learn'", 'values[1] = NaN', 'finite'] },
  'setModulator on a rule without a modulator': { name: IPE, mentions: ["projection 'pair'", 'synapse.rule = "stdp"', "'rstdp'"] },
  'setModulator on a static projection': { name: IPE, mentions: ["projection 'fixed'", 'synapse = "static"', 'plastic synapse'] },
  'scheduleModulator in the past': { name: IPE, mentions: ["projection 'learn'", 'events[1].timeMs = 5', 'step 20'] },
  'scheduleModulator for an instance out of range': { name: IPE, mentions: ["projection 'learn'", 'events[0].instance = 2', '[0, 1]'] },
  'scheduleModulator not an array': { name: IPE, mentions: ["projection 'learn'", 'events = ', 'an array'] },
  'synapseVariable unknown': { name: IPE, mentions: ["projection 'learn'", 'variable = "e"', '"c"'] },
  'synapseVariable of a rule without variables': { name: IPE, mentions: ["projection 'pair'", 'variable = "c"', "rule 'stdp'"] },
};

test('plastic synapses: typed errors for bad rules, parameters, storage, delays, initial and written weights; a weight turning Inf is reported with projection, synapse and step', async ({ gpu }) => {
  const reports = (await gpu.run('plasticErrors')) as ErrorReport[];
  expectReports(reports, PLASTIC_EXPECT);
  console.log(`[${gpu.runtime}] ${reports.length} plastic faults rejected; e.g. ${reports[0]?.message}`);
});

test('three-factor rules, short-term plasticity and the neuromodulator: typed errors for bad parameters, modulators, events and writes; refused writes leave M untouched', async ({ gpu }) => {
  const r = (await gpu.run('modulatorErrors')) as { reports: ErrorReport[]; modulatorAfter: number[] };
  expectReports(r.reports, MODULATOR_EXPECT);
  console.log(`[${gpu.runtime}] ${r.reports.length} rule and modulator faults rejected; e.g. ${r.reports[r.reports.length - 5]?.message}`);
  expect(r.modulatorAfter).toEqual([0, 0]);
});
