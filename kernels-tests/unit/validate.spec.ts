/** Validation helpers (host/validate.ts): each failure names object, field, value and what is allowed. */
import { expect, test } from '@playwright/test';
import { InvalidParameterError, SpikeGpuError } from '../../host/errors';
import { perNeuron, rejectUnknownKeys, requireFinite, requireFiniteF32Values, requireInteger, requireNonNegative, requireOneOf, requirePositive, requireSteps } from '../../host/validate';

function caught(fn: () => unknown): InvalidParameterError {
  try {
    fn();
  } catch (e) {
    return e as InvalidParameterError;
  }
  throw new Error('did not throw');
}

test('requirePositive names object, field, value and the allowed range', () => {
  const e = caught(() => requirePositive('lif population', 'tauMem', -2, 'ms'));
  expect(e).toBeInstanceOf(InvalidParameterError);
  expect(e).toBeInstanceOf(SpikeGpuError);
  expect(e.code).toBe('INVALID_PARAMETER');
  expect(e.object).toBe('lif population');
  expect(e.field).toBe('tauMem');
  expect(e.value).toBe(-2);
  expect(e.message).toBe('lif population: tauMem = -2 is not allowed; expected a number > 0 within the f32 range (1.4e-45 to 3.4e38) (ms).');
});

test('parameters go to the GPU as f32: values finite in f64 but not in f32 are refused', () => {
  expect(requireFinite('o', 'f', 3.4e38)).toBe(3.4e38);
  expect(() => requireFinite('o', 'f', 3.5e38)).toThrow(/f = 3.5e\+38 .*f32 range/);
  expect(() => requireFinite('o', 'f', -1e300)).toThrow(/f = -1e\+300/);
  expect(() => requirePositive('o', 'f', 1e-46)).toThrow(/f = 1e-46 .*> 0 within the f32 range/);
  expect(requirePositive('o', 'f', 1.5e-45)).toBe(1.5e-45);
  expect(() => requireNonNegative('o', 'f', 1e39)).toThrow(/f = 1e\+39/);
  expect(() => requireFiniteF32Values('o', 'derived', { a: 1, b: 1e39 })).toThrow(/derived.b = 1e\+39/);
  expect(() => requireFiniteF32Values('o', 'derived', { a: [1, 2, Infinity] })).toThrow(/derived.a\[2\] = Infinity/);
  expect(() => requireSteps('o', 'steps', 2 ** 31, 0)).toThrow(/steps = 2147483648/);
  expect(() => requireSteps('o', 'steps', 10, 2 ** 32 - 5)).toThrow(/step counter allows at most 4294967295/);
  expect(requireSteps('o', 'steps', 5, 2 ** 32 - 10)).toBe(5);
});

test('finite, non-negative, integer and one-of checks', () => {
  expect(requireFinite('o', 'f', 3)).toBe(3);
  expect(() => requireFinite('o', 'f', Infinity)).toThrow(/f = Infinity/);
  expect(() => requireFinite('o', 'f', '3')).toThrow(/f = "3"/);
  expect(requireNonNegative('o', 'f', 0)).toBe(0);
  expect(() => requireNonNegative('o', 'f', -0.5)).toThrow(/>= 0/);
  expect(() => requireInteger('o', 'n', 1.5, 1, 10)).toThrow(/an integer in \[1, 10\]/);
  expect(() => requireInteger('o', 'n', 11, 1, 10)).toThrow(/n = 11/);
  expect(requireOneOf('o', 'reset', 'soft', ['hard', 'soft'])).toBe('soft');
  expect(() => requireOneOf('o', 'reset', 'x', ['hard', 'soft'])).toThrow(/one of "hard", "soft"/);
});

test('perNeuron accepts a number or an array of the right length and names the bad element', () => {
  expect(perNeuron('o', 'x', 2, 3, requireFinite).at(2)).toBe(2);
  expect(perNeuron('o', 'x', [1, 2, 3], 3, requireFinite).at(1)).toBe(2);
  expect(perNeuron('o', 'x', new Float32Array([1, 2]), 2, requireFinite).scalar).toBe(false);
  expect(() => perNeuron('o', 'x', [1, 2], 3, requireFinite)).toThrow(/x = an array of length 2 .* length 3/);
  expect(() => perNeuron('o', 'x', [1, NaN, 3], 3, requireFinite)).toThrow(/x\[1\] = NaN/);
});

test('unknown option keys are rejected with the list of known ones', () => {
  expect(() => rejectUnknownKeys('opts', { sise: 3 }, ['size', 'batch'])).toThrow(/sise = 3 .* size, batch/);
  expect(() => rejectUnknownKeys('opts', { size: 3 }, ['size'])).not.toThrow();
});
