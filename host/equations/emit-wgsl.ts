/**
 * The WGSL emitter: prints a checked, integrated tree as WGSL. It is the only place that knows WGSL's
 * syntax for the equation language. Names it prints are declared names (validated by names.ts) as
 * struct members (s.v, p.tauMem), spikegpu's own sg_ temporaries and frame.dt; numbers are printed
 * exactly (integers as literals, others as the bits of their f32 rounding); every product goes through
 * noContract so no compiler fuses it into a following add (the oracle rounds after every operation).
 */
import type { Expr } from './ast.js';

const f32Bits = (v: number): string => {
  const b = new Uint32Array(new Float32Array([v]).buffer)[0] as number;
  return `0x${b.toString(16).padStart(8, '0')}u`;
};

/** A number as an exact WGSL f32 expression (the value Math.fround gives). */
export function wgslNumber(v: number): string {
  const r = Math.fround(v);
  if (Number.isInteger(r) && Math.abs(r) < 2 ** 24 && !Object.is(r, -0)) return r < 0 ? `(${r}.0)` : `${r}.0`;
  return `bitcast<f32>(${f32Bits(r)})`;
}

/**
 * How the names of a back end are printed: the neuron frame's struct members (s.v, p.tau, frame.dt,
 * noContract), or a plastic kernel's locals and rule constants (synapse-rule.ts).
 */
export interface WgslNames {
  state(name: string): string;
  param(name: string): string;
  temp(name: string): string;
  dt: string;
  /** The function that keeps a product out of a fused multiply-add. */
  noContract: string;
  /** The draw-th normal number of this neuron and step (randn(); neuron models only). */
  randn?(draw: number): string;
}

/**
 * Draw k of a neuron and step: gauss4 of one Philox call at the frame's counter (i, step, stream,
 * b | k << 20) under the population's key. Draw 0 is the counter izhikevich's noise uses.
 */
export const randnWgsl = (k: number): string =>
  `gauss4(philox4x32_10(${k === 0 ? 'noiseCounter' : `vec4<u32>(noiseCounter.xyz, noiseCounter.w | ${(k << 20) >>> 0}u)`}, noiseKey))`;

export const NEURON_NAMES: WgslNames = {
  state: (n) => `s.${n}`, param: (n) => `p.${n}`, temp: (n) => n, dt: 'frame.dt', noContract: 'noContract', randn: randnWgsl,
};

export function wgslExpr(e: Expr, names: WgslNames = NEURON_NAMES): string {
  const w = (x: Expr): string => wgslExpr(x, names);
  switch (e.k) {
    case 'num': return wgslNumber(e.value);
    case 'state': return names.state(e.name);
    case 'param': return names.param(e.name);
    case 'temp': return names.temp(e.name);
    case 'dt': return names.dt;
    case 'active': return 'sg_active';
    case 'randn': {
      if (!names.randn) throw new Error('wgsl emitter: randn() has no random stream here');
      return names.randn(e.draw);
    }
    case 'neg': return `(-${w(e.a)})`;
    case 'bin': return e.op === '*' ? `${names.noContract}(${w(e.a)} * ${w(e.b)})` : `(${w(e.a)} ${e.op} ${w(e.b)})`;
    case 'cmp': return `(${w(e.a)} ${e.op} ${w(e.b)})`;
    case 'and': return `(${w(e.a)} && ${w(e.b)})`;
    case 'or': return `(${w(e.a)} || ${w(e.b)})`;
    case 'not': return `(!${w(e.a)})`;
    case 'call': {
      const a = e.args.map(w);
      switch (e.fn) {
        case 'clip': return `clamp(${a[0]}, ${a[1]}, ${a[2]})`;
        case 'where': return `select(${a[2]}, ${a[1]}, ${a[0]})`;
        case 'int': return e.args[0]?.k === 'cmp' || e.args[0]?.k === 'and' || e.args[0]?.k === 'or' || e.args[0]?.k === 'not' || e.args[0]?.k === 'active'
          ? `select(0.0, 1.0, ${a[0]})` : `f32(i32(${a[0]}))`;
        default: return `${e.fn}(${a.join(', ')})`;
      }
    }
    case 'pow': case 'name': throw new Error(`wgsl emitter: unresolved node ${e.k}`);
  }
}
