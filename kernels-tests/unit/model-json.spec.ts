/** Network models are plain JSON: round trip, the published schema, and the shipped example files. */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brunel, coba, cuba, izhikevich2003, izhikevich2007, song2000 } from '../../host/model/examples';
import { potjansDiesmann } from '../../host/model/microcircuit';
import { validateNetworkSchema } from '../../host/model/schema';
import { validateNetwork } from '../../host/model/validate-network';
import { InvalidParameterError } from '../../host/errors';
import { randomNetwork } from '../cases/network';
import { plasticNetwork } from '../cases/plastic';
import { NAME_PATTERN, requireName } from '../../host/validate';
import { wgslCommentText } from '../../shaders/common/model-module.wgsl';

const root = resolve(import.meta.dirname, '../..');

test('models survive a JSON round trip unchanged and pass schema and semantic validation', () => {
  for (const model of [cuba({ size: 200 }), randomNetwork({ seed: 1, steps: 0, batch: 1, sizes: [5, 20, 4], rule: 'explicit' }),
    randomNetwork({ seed: 2, steps: 0, batch: 1, sizes: [5, 20, 4], rule: 'fixedInDegree', inhModel: 'lifCond' })]) {
    const copy = JSON.parse(JSON.stringify(model));
    expect(copy).toEqual(model);
    expect(validateNetworkSchema(copy)).toBe(copy);
    expect(validateNetwork(copy, 0.1).size).toBe(model.populations.length);
  }
});

for (const [file, build] of [['cuba.json', () => cuba()], ['coba.json', () => coba()], ['izhikevich2003.json', () => izhikevich2003()],
  ['brunel-sr.json', () => brunel({ g: 3, eta: 2 })], ['brunel-ai.json', () => brunel({ g: 5, eta: 2 })], ['song2000.json', () => song2000()], ['izhikevich2007.json', () => izhikevich2007()],
  ['microcircuit-0.1.json', () => potjansDiesmann({ scale: 0.1 })]] as const) {
  test(`examples/${file} is exactly its builder's model, and valid (regenerate with the builder when it changes)`, () => {
    const shipped = JSON.parse(readFileSync(resolve(root, 'examples', file), 'utf8'));
    expect(shipped).toEqual(build());
    expect(validateNetworkSchema(shipped)).toBe(shipped);
  });
}

test('schema errors name the JSON path of the offending field', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately broken JSON
  const bad = (patch: (m: any) => void) => {
    const m = JSON.parse(JSON.stringify(cuba({ size: 50 })));
    patch(m);
    return () => validateNetworkSchema(m, 'model.json');
  };
  expect(bad((m) => { m.projections[1].connectivity.p = 1.5; })).toThrow(/model\.json: \/projections\/1\/connectivity\/p = 1\.5 .*<= 1/);
  expect(bad((m) => { m.projections[0].weight = { dist: 'normal', mean: 1 }; })).toThrow(/\/projections\/0\/weight .*required property 'sd'/);
  expect(bad((m) => { m.populations[0].sise = 3; })).toThrow(/\/populations\/0 .*unknown field "sise"/);
  expect(bad((m) => { m.populations[1].model = 'hodgkin'; })).toThrow(/\/populations\/1\/model = "hodgkin"/);
  expect(bad((m) => { m.projections[2].connectivity = { rule: 'fixedInDegree', k: 2.5 }; })).toThrow(/\/projections\/2\/connectivity\/k = 2\.5 .*integer/);
});

test('names: the schema and the validator share one pattern; shader comments keep only its characters', () => {
  const schema = JSON.parse(readFileSync(resolve(root, 'host/model/network.schema.json'), 'utf8')) as { definitions: { name: { pattern: string } } };
  expect(schema.definitions.name.pattern).toBe(NAME_PATTERN.source);
  for (const ok of ['exc', 'exc->inh', 'layer_1.out', 'L2-3', '_', 'a'.repeat(64)]) {
    expect(NAME_PATTERN.test(ok), ok).toBe(true);
    expect(requireName('test', 'name', ok)).toBe(ok);
  }
  for (const bad of ['', 'a'.repeat(65), '-exc', '.hidden', '>x', 'a b', "x'", 'x\ny', 'a/b', 'a\\b', 'a"b', 'é', 'x//y', 'x*/']) {
    expect(NAME_PATTERN.test(bad), JSON.stringify(bad)).toBe(false);
    expect(() => requireName('test', 'name', bad), JSON.stringify(bad)).toThrow(/letters, digits and _ \. > -/);
  }
  expect(() => requireName('test', 'name', 5)).toThrow(/name = 5/);
  expect(wgslCommentText("inh'\nfor (;;) {}\n//")).toBe('inh??for???????????');
  expect(wgslCommentText('exc->inh')).toBe('exc->inh');
  expect(wgslCommentText('x'.repeat(100)).length).toBe(64);
});

test('a plastic projection (synapse: { rule, ... }) survives JSON and passes the schema and the validator; bad rule fields are named', () => {
  const model = plasticNetwork({ seed: 1, steps: 0, batch: 1, sizes: [10, 12, 5], storage: 'sparse', dependence: 'gutig', pairing: 'nearest', delayMs: 1, dendriticDelayMs: 0.5 });
  const copy = JSON.parse(JSON.stringify(model));
  expect(copy).toEqual(model);
  expect(validateNetworkSchema(copy)).toBe(copy);
  expect(validateNetwork(copy, 0.5).size).toBe(3);
  const bad = JSON.parse(JSON.stringify(model));
  // The schema knows the synapse's shape (identifier keys; numbers, identifiers, booleans); the rule knows its fields.
  bad.projections[0].synapse.tauPlus = '20 ms';
  expect(() => validateNetworkSchema(bad)).toThrow(/\/projections\/0\/synapse\/tauPlus/);
  bad.projections[0].synapse.tauPlus = 'long';
  expect(validateNetworkSchema(bad)).toBe(bad);
  expect(() => validateNetwork(bad, 0.5)).toThrow(/rule 'stdp'\): tauPlus = "long"/);
  const worse = JSON.parse(JSON.stringify(model));
  worse.projections[1].synapse.aPlus = -1;
  expect(() => validateNetwork(worse, 0.5)).toThrow(/projections\[1\]\.synapse \(projection 'exc->exc', rule 'stdp'\): aPlus = -1/);
});

test('the precompiled schema validator is the one Ajv compiles from network.schema.json today (else: node scripts/gen-validator.mjs)', async () => {
  const gen = await import('../../scripts/gen-validator.mjs');
  const expected = gen.validatorSource(readFileSync(gen.SCHEMA_PATH, 'utf8'));
  expect(readFileSync(gen.VALIDATOR_PATH, 'utf8') === expected, 'host/model/network-validator.generated.ts is stale').toBe(true);
});

test('the schema lists exactly the registry\'s population models (host/kernels/models.ts), and validation follows the registry', async () => {
  const { MODEL_NAMES, MODELS, modelStateBytes } = await import('../../host/kernels/models');
  const schema = JSON.parse(readFileSync(resolve(root, 'host/model/network.schema.json'), 'utf8')) as { definitions: { population: { properties: { model: { oneOf: [{ enum: string[] }, { $ref: string }] } } } } };
  // A model is a built-in name or a model written as equations (definitions.neuronModel).
  expect(schema.definitions.population.properties.model.oneOf[0].enum).toEqual([...MODEL_NAMES]);
  expect(schema.definitions.population.properties.model.oneOf[1].$ref).toBe('#/definitions/neuronModel');
  for (const m of MODEL_NAMES) {
    const entry = MODELS[m];
    expect(entry.kind === 'neuron', m).toBe(entry.kernel !== undefined);
    expect(modelStateBytes(m), m).toBe(entry.kernel ? entry.kernel.stateLayout.stride : 0);
    // A population without params is accepted exactly when the model has defaults for everything.
    const network = { populations: [{ name: 'p', size: 3, model: m }] };
    if (entry.paramsRequired) expect(() => validateNetwork(network as never, 0.1), m).toThrow(InvalidParameterError);
    else expect(validateNetwork(network as never, 0.1).size, m).toBe(1);
  }
});
