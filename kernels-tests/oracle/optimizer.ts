/**
 * CPU oracle for shaders/optimizer.wgsl.ts: the published update equations (SGD with momentum as
 * PyTorch, Adam (Kingma & Ba 2015), AdamW (Loshchilov & Hutter 2019)) with global-norm clipping,
 * in f32 steps as the kernel (sqrt is the only operation whose GPU accuracy is not exact).
 */
import { optimizerFrame, type ResolvedOptimizer } from '../../host/kernels/optimizer';

export interface OptimizerState { p: Float32Array; m1: Float32Array; m2: Float32Array }

/** One update `step` (0-based) of every element; returns false (nothing changed) when the gradient has Inf or NaN. */
export function optimizerOracle(r: ResolvedOptimizer, s: OptimizerState, g: Float32Array, step: number): boolean {
  const f = Math.fround;
  const fr = optimizerFrame(r, s.p.length, 0, step);
  let sumsq = 0;
  for (const x of g) sumsq += x * x;
  if (!Number.isFinite(sumsq)) return false;
  const scale = fr.maxNorm! > 0 ? Math.min(1, fr.maxNorm! / (Math.sqrt(sumsq) + 1e-6)) : 1;
  for (let e = 0; e < s.p.length; e++) {
    const w = s.p[e]!;
    const gs = f(g[e]! * scale);
    if (r.kind === 'sgd') {
      const gd = f(gs + f(fr.weightDecay! * w));
      const m = f(f(fr.momentum! * s.m1[e]!) + gd);
      s.m1[e] = m;
      s.p[e] = f(w - f(fr.lr! * m));
      continue;
    }
    let wn = w;
    let gd = gs;
    if (r.kind === 'adamw') wn = f(w - f(f(fr.lr! * fr.weightDecay!) * w));
    else gd = f(gs + f(fr.weightDecay! * w));
    const m = f(f(fr.beta1! * s.m1[e]!) + f(fr.oneMinusBeta1! * gd));
    const v = f(f(fr.beta2! * s.m2[e]!) + f(fr.oneMinusBeta2! * f(gd * gd)));
    s.m1[e] = m;
    s.m2[e] = v;
    const upd = f(f(fr.lr! * f(m * fr.c1!)) / f(f(Math.sqrt(f(v * fr.c2!))) + fr.eps!));
    s.p[e] = f(wn - upd);
  }
  return true;
}
