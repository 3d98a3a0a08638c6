/**
 * CPU oracle for shaders/consolidation.wgsl.ts: each pass elementwise, with the kernel's f32
 * operations in order (Math.fround after each; products through noContract are rounded before the add).
 */
const f = Math.fround;

export interface ConsolidationState {
  P: Float32Array;
  G: Float32Array;
  Omega: Float32Array;
  Pstar: Float32Array;
  omega?: Float32Array;
  Pprev?: Float32Array;
  Gtask?: Float32Array;
}

/** Applies one pass to `s` in place (lambda, xi, scale as f32). */
export function consolidationOracle(s: ConsolidationState, pass: 'penalty' | 'path' | 'si' | 'fisher' | 'anchor', c: { lambda: number; xi: number; scale: number }): void {
  for (let e = 0; e < s.P.length; e++) {
    if (pass === 'penalty') {
      const g = s.G[e]!;
      if (s.Gtask) s.Gtask[e] = g;
      if (s.Pprev) s.Pprev[e] = s.P[e]!;
      s.G[e] = f(g + f(f(c.lambda) * f(s.Omega[e]! * f(s.P[e]! - s.Pstar[e]!))));
    } else if (pass === 'path') {
      s.omega![e] = f(s.omega![e]! - f(s.Gtask![e]! * f(s.P[e]! - s.Pprev![e]!)));
    } else if (pass === 'si') {
      const d = f(s.P[e]! - s.Pstar[e]!);
      s.Omega[e] = f(s.Omega[e]! + Math.max(f(s.omega![e]! / f(f(d * d) + f(c.xi))), 0));
      s.omega![e] = 0;
      s.Pstar[e] = s.P[e]!;
    } else if (pass === 'fisher') {
      s.Omega[e] = f(s.Omega[e]! + f(f(c.scale) * f(s.G[e]! * s.G[e]!)));
    } else {
      s.Pstar[e] = s.P[e]!;
    }
  }
}
