/** Spike statistics on constructed trains with known answers. */
import { expect, test } from '@playwright/test';
import { fanoFactor, firingRates, isiCv, synchrony } from '../../host/analysis/stats';
import { SpikeRecording } from '../../host/sim/recording';

function recording(size: number, steps: number, dt: number, spikes: (t: number, i: number) => boolean): SpikeRecording {
  const words = Math.ceil(size / 32);
  const bits = new Uint32Array(steps * words);
  for (let t = 0; t < steps; t++) for (let i = 0; i < size; i++) if (spikes(t, i)) bits[t * words + (i >>> 5)]! |= 1 << (i & 31);
  return new SpikeRecording(bits, steps, 1, size, dt);
}

test('a clock-like train has CV 0 and rate 1/period', () => {
  const rec = recording(4, 10_000, 0.1, (t, i) => (t + i) % 100 === 0); // every 10 ms
  expect(isiCv(rec)).toBeLessThan(1e-12);
  expect(Array.from(firingRates(rec))).toEqual([100, 100, 100, 100]);
});

test('Bernoulli trains have CV and Fano near 1 and low synchrony; identical trains have synchrony 1', () => {
  let x = 12345;
  const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const rec = recording(100, 20_000, 1, () => rand() < 0.02);
  expect(Math.abs(isiCv(rec) - 1)).toBeLessThan(0.05);
  expect(Math.abs(fanoFactor(rec, 0, 100) - 0.98)).toBeLessThan(0.1);
  expect(synchrony(rec, 0, 1)).toBeLessThan(0.2);
  const same = recording(50, 5000, 1, (t) => t % 7 === 0);
  expect(synchrony(same, 0, 1)).toBeCloseTo(1, 10);
});

test('bad bin widths are rejected by name', () => {
  const rec = recording(2, 10, 1, () => false);
  expect(() => fanoFactor(rec, 0, 0)).toThrow(/binMs = 0/);
  expect(() => synchrony(rec, 0, 100)).toThrow(/at least 2 bins/);
});
