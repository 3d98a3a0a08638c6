/** Error names are literal strings (they survive minification) and equal their class names here. */
import { expect, test } from '@playwright/test';
import * as errors from '../../host/errors';

test('every SpikeGpuError subclass is named by ERROR_NAMES[code], which is its class name', () => {
  const made = [
    new errors.InvalidParameterError('o', 'f', 1, 'x'), new errors.WebGpuUnavailableError('m'), new errors.DeviceLostError('r', 'm'),
    new errors.GpuValidationError('k', 'm'), new errors.GpuOutOfMemoryError('k', 'm'), new errors.ShaderCompilationError('k', []),
    new errors.LimitExceededError('o', 'f', 2, 1, 'h'), new errors.DestroyedError('o'), new errors.FixedPointOverflowError(['p'], 0, 1, { p: 1 }),
    new errors.NonFiniteStateError('p', 0, 0, 0, 0), new errors.NonFiniteGradientError('t', 0, 0), new errors.TrainingDivergedError(2, 1, 0, 0.1),
    new errors.NonFiniteWeightError('p', 0, 0, 0, 0, 0, 0), new errors.LearningDivergedError('l', 0, 1, 'h'), new errors.FileFormatError('f', 'p', 'x', 'bad', 'good'), new errors.MissingDependencyError('p', 'f'),
  ];
  expect(new Set(made.map((e) => e.code))).toEqual(new Set(Object.keys(errors.ERROR_NAMES)));
  for (const e of made) {
    expect(e.name).toBe(e.constructor.name);
    expect(e.name).toBe(errors.ERROR_NAMES[e.code]);
    expect(e).toBeInstanceOf(errors.SpikeGpuError);
  }
});
