/** The weights file: round trips of version 1 (weights only) and version 2 (with a consolidation state), and what is refused. */
import { expect, test } from '@playwright/test';
import { decodeWeights, encodeWeights, type WeightsFile } from '../../host/train/weights-file';

const base: WeightsFile = {
  spec: { inputs: 2, hidden: [{ size: 3 }], readout: { size: 2 } },
  trainer: { steps: 5, dt: 1, loss: 'maxOverTime' },
  tensors: { 'hidden0.weight': { shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6]) }, 'readout.bias': { shape: [2], values: Float32Array.from([0.5, -0.25]) } },
};

test('version 1 without consolidation and version 2 with it round-trip exactly', () => {
  const v1 = encodeWeights(base);
  expect(JSON.parse(new TextDecoder().decode(v1.subarray(8, 8 + new DataView(v1.buffer).getUint32(4, true)))).version).toBe(1);
  expect(decodeWeights(v1)).toEqual(base);
  const withState: WeightsFile = {
    ...base,
    consolidation: {
      method: 'si', strength: 0.3, damping: 1e-3,
      importance: { 'hidden0.weight': Float32Array.from([0, 1, 2, 3, 4, 5]), 'readout.bias': Float32Array.from([7, 8]) },
      anchor: { 'hidden0.weight': Float32Array.from([6, 5, 4, 3, 2, 1]), 'readout.bias': Float32Array.from([-1, -2]) },
    },
  };
  const v2 = encodeWeights(withState);
  expect(JSON.parse(new TextDecoder().decode(v2.subarray(8, 8 + new DataView(v2.buffer).getUint32(4, true)))).version).toBe(2);
  expect(decodeWeights(v2)).toEqual(withState);
});

test('a consolidation state must cover every tensor', () => {
  expect(() => encodeWeights({ ...base, consolidation: { method: 'ewc', strength: 1, damping: 1e-3, importance: { 'hidden0.weight': new Float32Array(6) }, anchor: {} } }))
    .toThrow(/consolidation consolidation.importance:readout.bias = undefined .*2 values|consolidation consolidation.anchor:hidden0.weight = undefined/);
});
