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

test('out-of-range steps, neurons and instances are typed errors, not reads of the neighbouring bits', () => {
  const bits = new Uint32Array(3 * 2 * 2);
  bits[(1 * 2 + 0) * 2]! |= 1; // step 1, instance 0, neuron 0; spiked(0, 64) would read it without a check
  const rec = new SpikeRecording(bits, 3, 2, 40, 0.5);
  const cases: [string, () => unknown, string][] = [
    ['index past the population', () => rec.spiked(0, 64), 'index = 64'],
    ['negative index', () => rec.spiked(0, -1), 'index = -1'],
    ['step past the recording', () => rec.spikesAt(7), 'step = 7'],
    ['fractional step', () => rec.spikesAt(0.5), 'step = 0.5'],
    ['instance past the batch', () => rec.spikesAt(0, 2), 'instance = 2'],
    ['events of a missing instance', () => rec.events(5), 'instance = 5'],
    ['counts of a missing instance', () => rec.countsPerNeuron(-1), 'instance = -1'],
    ['rate of a missing instance', () => rec.meanRateHz(2), 'instance = 2'],
    ['subset index out of range', () => rec.allEvents([40]), 'subset[0] = 40'],
    ['slice past the end', () => rec.slice(0, 4), 'to = 4'],
    ['slice reversed', () => rec.slice(2, 1), 'to = 1'],
    ['bits of the wrong length', () => new SpikeRecording(new Uint32Array(5), 3, 2, 40, 0.5), 'bits = Uint32Array of length 5'],
    ['concat of nothing', () => SpikeRecording.concat([]), 'recordings'],
    ['concat of different lengths', () => SpikeRecording.concat([rec, rec.slice(1)]), 'recordings[1]'],
  ];
  for (const [name, call, text] of cases) {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error, name).toBeInstanceOf(Error);
    expect((error as Error).name, name).toBe('InvalidParameterError');
    expect((error as Error).message, name).toContain(text);
  }
});

test('slice keeps the steps asked for; concat puts populations side by side', () => {
  const a = new Uint32Array(4 * 1 * 1);
  const b = new Uint32Array(4 * 1 * 2);
  a[1] = 0b101; // step 1: neurons 0 and 2 of a (3 neurons)
  b[3 * 2 + 1] = 1 << 1; // step 3: neuron 33 of b (40 neurons)
  const ra = new SpikeRecording(a, 4, 1, 3, 0.1, 10);
  const rb = new SpikeRecording(b, 4, 1, 40, 0.1, 10);
  const s = ra.slice(1, 3);
  expect(s.steps).toBe(2);
  expect(s.firstStep).toBe(11);
  expect(s.spikesAt(0)).toEqual([0, 2]);
  expect(s.spikesAt(1)).toEqual([]);
  const c = SpikeRecording.concat([ra, rb]);
  expect(c.size).toBe(43);
  expect(c.spikesAt(1)).toEqual([0, 2]);
  expect(c.spikesAt(3)).toEqual([36]);
  expect(c.totalSpikes()).toBe(3);
});
