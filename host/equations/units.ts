/**
 * Units of the equation language: spikegpu's unit system (mV, nA, ms; MOhm = mV/nA, uS = nA/mV,
 * nF = nA*ms/mV, kHz = 1/ms) in which every unit has scale 1, so a value's number never changes and
 * only its dimension is checked (as Brian2 checks dimensions). A dimension is the exponents of
 * (mV, nA, ms).
 */
import type { Pos } from './ast.js';
import { type Source, tokenize } from './parser.js';

export type Dim = readonly [number, number, number];

export const DIMENSIONLESS: Dim = [0, 0, 0];

/** The units a model may name, in annotations (`: mV`) and in expressions (`-65*mV`). */
export const UNITS: Readonly<Record<string, Dim>> = {
  mV: [1, 0, 0],
  nA: [0, 1, 0],
  ms: [0, 0, 1],
  MOhm: [1, -1, 0],
  uS: [-1, 1, 0],
  nF: [-1, 1, 1],
  kHz: [0, 0, -1],
};

export const dimEq = (a: Dim, b: Dim): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
export const dimMul = (a: Dim, b: Dim): Dim => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const dimDiv = (a: Dim, b: Dim): Dim => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const dimPow = (a: Dim, n: number): Dim => [a[0] * n, a[1] * n, a[2] * n];
export const isDimensionless = (a: Dim): boolean => dimEq(a, DIMENSIONLESS);

/** The dimension as the user would write it, e.g. "mV/ms", "nA*MOhm" is shown as "mV", "1". */
export function formatDim(d: Dim): string {
  for (const [name, u] of Object.entries(UNITS)) if (dimEq(u, d)) return name;
  const parts: string[] = [];
  const down: string[] = [];
  (['mV', 'nA', 'ms'] as const).forEach((n, i) => {
    const e = d[i] as number;
    if (e > 0) parts.push(e === 1 ? n : `${n}**${e}`);
    if (e < 0) down.push(e === -1 ? n : `${n}**${-e}`);
  });
  if (parts.length === 0 && down.length === 0) return '1';
  return `${parts.length ? parts.join('*') : '1'}${down.length ? `/${down.length > 1 ? `(${down.join('*')})` : down[0]}` : ''}`;
}

/**
 * Reads a unit annotation (`mV`, `nA/ms`, `mV**2`, `1`, `1/ms`). `pos` is where it starts in src.
 */
export function parseUnit(src: Source, text: string, pos: Pos): Dim {
  const toks = tokenize(src, pos.offset, pos.offset + text.length).filter((t) => !(t.t === 'op' && t.s === ';'));
  let k = 0;
  const fail = (at: Pos, why: string): never => {
    throw src.error(at, why, `Units are ${Object.keys(UNITS).join(', ')} and 1, combined with *, / and ** (scale 1 each: spikegpu's unit system is mV, nA, ms).`);
  };
  const factor = (): Dim => {
    const t = toks[k++];
    if (!t || t.t === 'end') return fail(pos, 'a unit was expected');
    let d: Dim;
    if (t.t === 'num' && t.v === 1) d = DIMENSIONLESS;
    else if (t.t === 'name' && UNITS[t.s]) d = UNITS[t.s] as Dim;
    else if (t.t === 'op' && t.s === '(') {
      d = product();
      const c = toks[k++];
      if (!c || c.t !== 'op' || c.s !== ')') return fail(c?.pos ?? pos, "expected ')' in the unit");
    } else return fail(t.pos, `'${t.t === 'name' ? t.s : t.t === 'num' ? t.text : t.t === 'op' ? t.s : ''}' is not a unit`);
    const p = toks[k];
    if (p && p.t === 'op' && p.s === '**') {
      k++;
      let sign = 1;
      const m = toks[k];
      if (m && m.t === 'op' && m.s === '-') { sign = -1; k++; }
      const n = toks[k++];
      if (!n || n.t !== 'num' || !Number.isInteger(n.v)) return fail(n?.pos ?? pos, 'a unit power must be an integer');
      d = dimPow(d, sign * n.v);
    }
    return d;
  };
  const product = (): Dim => {
    let d = factor();
    for (;;) {
      const t = toks[k];
      if (t && t.t === 'op' && (t.s === '*' || t.s === '/')) { k++; d = t.s === '*' ? dimMul(d, factor()) : dimDiv(d, factor()); } else return d;
    }
  };
  const d = product();
  const rest = toks[k];
  if (rest && rest.t !== 'end') fail(rest.pos, 'unexpected text in the unit');
  return d;
}
