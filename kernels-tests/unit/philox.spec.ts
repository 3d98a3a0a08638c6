/** Philox4x32-10 (host/random/philox.ts) against the Random123 known-answer vectors and BigInt arithmetic. */
import { expect, test } from '@playwright/test';
import { mulhilo32, philox4x32, randomWords, randomWordsScratch, seedWords, uniform01 } from '../../host/random/philox';

const hex = (w: number[]) => w.map((x) => x.toString(16).padStart(8, '0')).join(' ');

test('Random123 kat_vectors for philox4x32_10', () => {
  expect(hex(philox4x32(0, 0, 0, 0, 0, 0))).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8');
  expect(hex(philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff))).toBe('408f276d 41c83b0e a20bc7c6 6d5451fd');
  expect(hex(philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0))).toBe('d16cfe09 94fdcceb 5001e420 24126ea1');
});

test('mulhilo32 equals the 64-bit product', () => {
  let x = 12345;
  for (let k = 0; k < 2000; k++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const a = x;
    const b = (Math.imul(x, 22695477) + 1) >>> 0;
    const p = BigInt(a) * BigInt(b);
    expect(mulhilo32(a, b)).toEqual([Number(p >> 32n), Number(p & 0xffffffffn)]);
  }
  expect(mulhilo32(0xffffffff, 0xffffffff)).toEqual([0xfffffffe, 1]);
});

test('seeds split into two key words; every key word and counter word changes the output', () => {
  expect(seedWords(2 ** 40 + 5)).toEqual([5, 256]);
  const base = randomWords(1, 2, 3, 4, 5);
  expect(randomWords(2, 2, 3, 4, 5)).not.toEqual(base);
  expect(randomWords(1 + 2 ** 32, 2, 3, 4, 5)).not.toEqual(base);
  expect(randomWords(1, 3, 3, 4, 5)).not.toEqual(base);
  expect(randomWords(1, 2, 4, 4, 5)).not.toEqual(base);
  expect(randomWords(1, 2, 3, 5, 5)).not.toEqual(base);
  expect(randomWords(1, 2, 3, 4, 6)).not.toEqual(base);
});

test('uniform01 maps u32 to [0, 1) with 24 bits, exactly representable in f32', () => {
  expect(uniform01(0)).toBe(0);
  expect(uniform01(0xffffffff)).toBe(1 - 2 ** -24);
  for (const w of [1, 255, 256, 0x80000000, 0xdeadbeef]) {
    const u = uniform01(w);
    expect(Math.fround(u)).toBe(u);
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
  }
});

test('draws are uniform: chi-square over 16 bins of 160000 draws', () => {
  const bins = new Array(16).fill(0) as number[];
  const n = 40000;
  for (let i = 0; i < n; i++) for (const w of randomWords(99, 0, 0, i)) bins[Math.floor(uniform01(w) * 16)]!++;
  const e = (4 * n) / 16;
  const chi2 = bins.reduce((s, o) => s + ((o - e) ** 2) / e, 0);
  // 15 degrees of freedom: P(chi2 > 37.7) = 0.001.
  expect(chi2).toBeLessThan(37.7);
});

test('randomWordsScratch gives randomWords\' words for every counter field and 53-bit seeds, one shared array', () => {
  const seeds = [0, 1, 7, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, 2 ** 53 - 1];
  const fields = [0, 1, 0x9e3779b9, 0xffffffff, 12345];
  let n = 0;
  for (const seed of seeds) for (const a of fields) for (const b of fields) for (const c of fields) {
    const w = randomWordsScratch(seed, a, b, c, (a ^ c) >>> 0);
    expect([...w]).toEqual(randomWords(seed, a, b, c, (a ^ c) >>> 0));
    n++;
  }
  expect(n).toBe(seeds.length * fields.length ** 3);
  expect(randomWordsScratch(1, 2, 3, 4)).toBe(randomWordsScratch(5, 6, 7, 8)); // one shared array
});
