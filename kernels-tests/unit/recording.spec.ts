/** SpikeRecording helpers on a hand-made bitmask. */
import { expect, test } from '@playwright/test';
import { SpikeRecording } from '../../host/sim/recording';

test('bitmask decoding, events, counts and rates', () => {
  // 3 steps, batch 2, 40 neurons (2 words per instance).
  const words = 2;
  const bits = new Uint32Array(3 * 2 * words);
  const set = (s: number, b: number, i: number) => { bits[(s * 2 + b) * words + (i >>> 5)]! |= 1 << (i & 31); };
  set(0, 0, 0); set(0, 0, 31); set(0, 0, 39); set(2, 0, 5); set(1, 1, 32);
  const rec = new SpikeRecording(bits, 3, 2, 40, 0.5);
  expect(rec.spikesAt(0, 0)).toEqual([0, 31, 39]);
  expect(rec.spikesAt(1, 0)).toEqual([]);
  expect(rec.spikesAt(1, 1)).toEqual([32]);
  expect(rec.spiked(0, 31, 0)).toBe(true);
  expect(rec.spiked(0, 30, 0)).toBe(false);
  const ev = rec.events(0);
  expect(Array.from(ev.steps)).toEqual([0, 0, 0, 2]);
  expect(Array.from(ev.indices)).toEqual([0, 31, 39, 5]);
  expect(rec.totalSpikes(0)).toBe(4);
  expect(rec.totalSpikes(1)).toBe(1);
  expect(rec.countsPerNeuron(0)[39]).toBe(1);
  const all = rec.allEvents();
  expect(Array.from(all.steps)).toEqual([0, 0, 0, 1, 2]);
  expect(Array.from(all.indices)).toEqual([0, 31, 39, 32, 5]);
  expect(Array.from(all.instances)).toEqual([0, 0, 0, 1, 0]);
  const sub = rec.allEvents([39, 32]);
  expect(Array.from(sub.indices)).toEqual([39, 32]);
  expect(Array.from(sub.instances)).toEqual([0, 1]);
  // 4 spikes / (40 neurons * 1.5 ms) = 66.67 Hz
  expect(rec.meanRateHz(0)).toBeCloseTo(4 / (40 * 0.0015), 6);
});
