/** Bad input gets a typed SpikeGpuError naming the object, the field, the value and what is allowed. */
import { expect, test } from './harness/fixtures';

const EXPECT: Record<string, { name: string; mentions: string[] }> = {
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
  const reports = (await gpu.run('badInputErrors')) as { label: string; threw: boolean; name: string; code: string; message: string }[];
  expect(reports.map((r) => r.label).sort()).toEqual(Object.keys(EXPECT).sort());
  for (const r of reports) {
    const want = EXPECT[r.label]!;
    expect(r.threw, `${r.label} must throw`).toBe(true);
    expect(r.name, `${r.label}: ${r.message}`).toBe(want.name);
    expect(r.code, r.label).not.toBe('');
    for (const m of want.mentions) expect(r.message, `${r.label} message mentions ${m}`).toContain(m);
  }
  console.log(`[${gpu.runtime}] ${reports.length} bad inputs rejected; e.g. ${reports[0]?.message}`);
});

const NETWORK_EXPECT: Record<string, { name: string; mentions: string[] }> = {
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
  const reports = (await gpu.run('badNetworkErrors')) as { label: string; threw: boolean; name: string; message: string }[];
  expect(reports.map((r) => r.label).sort()).toEqual(Object.keys(NETWORK_EXPECT).sort());
  for (const r of reports) {
    const want = NETWORK_EXPECT[r.label]!;
    expect(r.threw, `${r.label} must throw`).toBe(true);
    expect(r.name, `${r.label}: ${r.message}`).toBe(want.name);
    for (const m of want.mentions) expect(r.message, `${r.label} message mentions ${m}`).toContain(m);
  }
});
