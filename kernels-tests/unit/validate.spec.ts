/** Validation helpers (host/validate.ts): each failure names object, field, value and what is allowed. */
import { expect, test } from '@playwright/test';
import { InvalidParameterError, SpikeGpuError } from '../../host/errors';
import { perNeuron, rejectUnknownKeys, requireFinite, requireInteger, requireNonNegative, requireOneOf, requirePositive } from '../../host/validate';

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
  expect(e.message).toBe('lif population: tauMem = -2 is not allowed; expected a finite number > 0 (ms).');
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
