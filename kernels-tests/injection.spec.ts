/**
 * Nothing from a model reaches WGSL as text: a payload that would close a shader comment and add a
 * loop, placed in every string field of a model in turn, is refused with a typed error naming the
 * field, by the JSON Schema and by Simulator.build on the fused and the per-step path (a plastic network
 * with a synapse rule written as equations: the schema and the per-step path).
 */
import { FREE_TEXT_FIELD, FREE_TEXT_RULE_FIELD, type InjectionReport } from './cases/injection';
import { expect, test } from './harness/fixtures';

test('shader injection through any string field of a model (names, model and rule names, enum values, keys) is a typed error on every path', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = (await gpu.run('injectionAttempts')) as { reports: InjectionReport[]; controlSpikes: number; controlFused: boolean };
  expect(r.controlFused, 'the unmodified model runs fused with fused: on').toBe(true);
  expect(r.controlSpikes, 'the unmodified model runs and spikes on both paths').toBeGreaterThan(0);
  const fields = new Set(r.reports.map((x) => x.field));
  console.log(`[${gpu.runtime}] ${r.reports.length} injection attempts over ${fields.size} fields: ${[...fields].join(', ')}`);
  expect(fields.size, 'every string field and key position of the model was tried').toBeGreaterThanOrEqual(25);
  // The text fields of a model written as equations are free text to the schema (it bounds their
  // length only); their payload must be refused by the equation parser on both build paths.
  const freeText = r.reports.filter((x) => FREE_TEXT_FIELD.test(x.field));
  expect(new Set(freeText.map((x) => x.field)).size, 'equations, threshold, reset, update, refractory and initial text, alone and after valid text').toBe(12);
  for (const x of freeText.filter((y) => y.path !== 'schema')) {
    expect(x.line, `${x.path} ${x.field}: an EquationError with the payload's line (${x.message})`).toBeGreaterThanOrEqual(1);
    expect(x.message, x.field).toMatch(/(equations|threshold|reset|update|refractory|initial\.v), line \d+ column \d+/);
  }
  // The same for a synapse rule written as equations: equations, onPre, onPost, onStep and an initial expression.
  const ruleText = r.reports.filter((x) => FREE_TEXT_RULE_FIELD.test(x.field));
  expect(new Set(ruleText.map((x) => x.field)).size, 'a rule\'s equations, onPre, onPost, onStep and initial text, alone and after valid text').toBe(10);
  for (const x of ruleText.filter((y) => y.path !== 'schema')) {
    expect(x.line, `${x.path} ${x.field}: an EquationError with the payload's line (${x.message})`).toBeGreaterThanOrEqual(1);
    expect(x.message, x.field).toMatch(/(equations|onPre|onPost|onStep|initial\.c), line \d+ column \d+/);
  }
  expect(r.reports.filter((x) => x.field.startsWith('plastic: ')).length, 'the plastic model\'s fields were tried').toBeGreaterThanOrEqual(20);
  const checked = r.reports.filter((x) => !(x.path === 'schema' && (FREE_TEXT_FIELD.test(x.field) || FREE_TEXT_RULE_FIELD.test(x.field))));
  const accepted = checked.filter((x) => !x.threw || x.name !== 'InvalidParameterError');
  expect(accepted.map((x) => `${x.path} ${x.field}: ${x.threw ? x.name : 'accepted'}`), 'refused with InvalidParameterError').toEqual([]);
  for (const x of checked) {
    const what = `${x.path} ${x.field}`;
    expect(x.threw, `${what} must be refused`).toBe(true);
    expect(x.name, `${what}: ${x.message}`).toBe('InvalidParameterError');
  }
  // The error names where the payload was (the schema by JSON path; the validator by field).
  for (const x of r.reports.filter((y) => y.path === 'per-step' && /^(populations|projections)\.\d+\.name$/.test(y.field))) {
    const [kind, index] = x.field.split('.');
    expect(x.message, x.field).toContain(`${kind}[${index}].name`);
    expect(x.message, x.field).toContain('letters, digits and _ . > -');
  }
});
