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

export function wgslExpr(e: Expr): string {
  switch (e.k) {
    case 'num': return wgslNumber(e.value);
    case 'state': return `s.${e.name}`;
    case 'param': return `p.${e.name}`;
    case 'temp': return e.name;
    case 'dt': return 'frame.dt';
    case 'active': return 'sg_active';
    case 'neg': return `(-${wgslExpr(e.a)})`;
    case 'bin': return e.op === '*' ? `noContract(${wgslExpr(e.a)} * ${wgslExpr(e.b)})` : `(${wgslExpr(e.a)} ${e.op} ${wgslExpr(e.b)})`;
    case 'cmp': return `(${wgslExpr(e.a)} ${e.op} ${wgslExpr(e.b)})`;
    case 'and': return `(${wgslExpr(e.a)} && ${wgslExpr(e.b)})`;
    case 'or': return `(${wgslExpr(e.a)} || ${wgslExpr(e.b)})`;
    case 'not': return `(!${wgslExpr(e.a)})`;
    case 'call': {
      const a = e.args.map(wgslExpr);
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
