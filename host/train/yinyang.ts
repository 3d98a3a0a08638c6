/**
 * The Yin-Yang dataset (Kriener et al. 2022, "The Yin-Yang dataset"), generated from its definition:
 * points drawn uniformly in the disc of radius r_big = 0.5 centred at (0.5, 0.5), classified as yin,
 * yang or dot (r_small = 0.1), with the class chosen uniformly per sample and points drawn until one
 * of that class appears (so classes are balanced). Features (x, y, 1 - x, 1 - y). Draws come from
 * Philox (seed), so a seed gives the same set everywhere. Defaults: 5000 training and 1000 test samples.
 */
import { randomWords, uniform01 } from '../random/philox.js';
import { requireInteger } from '../validate.js';
import type { Dataset } from './dataset.js';

const R_BIG = 0.5;
const R_SMALL = 0.1;

/** 0 yin, 1 yang, 2 dot (the paper's reference implementation's class order). */
export function yinYangClass(x: number, y: number): number {
  const dRight = Math.hypot(x - 1.5 * R_BIG, y - R_BIG);
  const dLeft = Math.hypot(x - 0.5 * R_BIG, y - R_BIG);
  if (dRight < R_SMALL || dLeft < R_SMALL) return 2;
  const c1 = dRight <= R_SMALL;
  const c2 = dLeft > R_SMALL && dLeft <= 0.5 * R_BIG;
  const c3 = y > R_BIG && dRight > 0.5 * R_BIG;
  const isYin = c1 || c2 || c3;
  return isYin ? 0 : 1;
}

export function yinYang(options: { size?: number; seed?: number } = {}): Dataset {
  const size = requireInteger('yinYang', 'size', options.size ?? 5000, 1, 1 << 24);
  const seed = requireInteger('yinYang', 'seed', options.seed ?? 42, 0, Number.MAX_SAFE_INTEGER);
  const inputs = new Float32Array(4 * size);
  const labels = new Uint32Array(size);
  let draw = 0;
  const next = (): number => uniform01(randomWords(seed, 0x9a9a, 0, draw++)[0]);
  for (let s = 0; s < size; s++) {
    const goal = Math.min(2, Math.floor(next() * 3));
    for (;;) {
      const x = next() * 2 * R_BIG;
      const y = next() * 2 * R_BIG;
      if (Math.hypot(x - R_BIG, y - R_BIG) > R_BIG) continue;
      if (yinYangClass(x, y) !== goal) continue;
      inputs.set([x, y, 1 - x, 1 - y], 4 * s);
      labels[s] = goal;
      break;
    }
  }
  return { inputs, labels, size, features: 4, encoding: 'current' };
}
