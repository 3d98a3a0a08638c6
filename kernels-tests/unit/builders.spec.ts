/**
 * The example builders (host/model/examples.ts) check their options: a typo or a value out of range
 * is an InvalidParameterError naming the builder and the option, not a silently ignored key or a
 * model with NaN weights; defaults and valid options give the same models as before (model-json.spec.ts
 * compares the defaults with the shipped examples/*.json).
 */
import { expect, test } from '@playwright/test';
import { InvalidParameterError } from '../../host/errors';
import { brunel, coba, cuba, izhikevich2003, izhikevich2007, song2000 } from '../../host/model/examples';
import { validateNetwork } from '../../host/model/validate-network';

const refused: [string, () => unknown, string, RegExp][] = [
  ['cuba', () => cuba({ sise: 100 } as never), 'sise', /no such option; known options are size, p, inDegree, seed/],
  ['cuba', () => cuba({ size: 2 }), 'size', /an integer >= 3/],
  ['cuba', () => cuba({ p: 0 }), 'p', /> 0 <= 1/],
  ['cuba', () => cuba({ size: 100, inDegree: 200 }), 'inDegree', /<= 80/],
  ['cuba', () => cuba({ seed: -1 }), 'seed', /an integer >= 0/],
  ['coba', () => coba({ kickRate: Number.NaN }), 'kickRate', /a finite number >= 0/],
  ['izhikevich2003', () => izhikevich2003({ nInh: 0 }), 'nInh', /an integer >= 1/],
  ['brunel', () => brunel({ eta: 2 } as never), 'g', /this option is required/],
  ['brunel', () => brunel({ g: 5, eta: -1 }), 'eta', />= 0/],
  ['brunel', () => brunel({ g: 5, eta: 2, connectivity: 'random' as never }), 'connectivity', /one of "fixedInDegree", "fixedProbability"/],
  ['brunel', () => brunel({ g: 5, eta: 2, epsilon: 1.5 }), 'epsilon', /<= 1/],
  ['song2000', () => song2000({ gmax: 0.01 } as never), 'gmax', /no such option/],
  ['izhikevich2007', () => izhikevich2007({ fanOut: 900 }), 'fanOut', /<= 800/],
  ['cuba', () => cuba('big' as never), 'options', /an options object/],
];

for (const [builder, call, field, allowed] of refused) {
  test(`${builder}: bad option '${field}' is refused with its name and what is allowed`, () => {
    let error: unknown;
    try { call(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(InvalidParameterError);
    const e = error as InvalidParameterError;
    expect(e.message).toContain(builder);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(allowed);
  });
}

test('valid options and undefined ones (the defaults) build valid models', () => {
  for (const [m, dt] of [[cuba({ size: 3 }), 0.1], [cuba({ size: 500, inDegree: 80, seed: undefined }), 0.1], [coba({ size: 400, seed: 2 }), 0.1],
    [izhikevich2003({ nExc: 80, nInh: 20 }), 1], [brunel({ nExc: 400, g: 0, eta: 0, dt: undefined }), 0.1],
    [brunel({ nExc: 400, g: 5, eta: 2, connectivity: 'fixedProbability' }), 0.1], [song2000({ inputs: 10, rateHz: 0 }), 0.1],
    [izhikevich2007({ excitatory: 80, inhibitory: 20, fanOut: 10 }), 1]] as const) {
    expect(() => validateNetwork(m, dt)).not.toThrow();
  }
});
