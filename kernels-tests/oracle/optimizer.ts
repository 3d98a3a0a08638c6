/**
 * CPU oracle for shaders/optimizer.wgsl.ts: the published update equations (SGD with momentum as
 * PyTorch, Adam (Kingma & Ba 2015), AdamW (Loshchilov & Hutter 2019)) with global-norm clipping,
 * in f32 steps as the kernel (sqrt is the only operation whose GPU accuracy is not exact). The
 * learning-rate schedules and Adam's bias corrections are written out here from their papers, not
 * taken from the host (host/kernels/optimizer.ts computes the kernel's frame from its own code).
 */
import type { ResolvedOptimizer } from '../../host/kernels/optimizer';

/**
 * The learning rate of update `step` (0-based): constant; step decay lr gamma^floor(step / every);
 * cosine annealing (Loshchilov & Hutter 2017, SGDR without restarts) eta_min + (eta_max - eta_min)
 * (1 + cos(pi t / T)) / 2 with t held at T after the schedule ends.
 */
export function oracleLearningRate(r: ResolvedOptimizer, step: number): number {
  const s = r.schedule;
  switch (s.kind) {
    case 'step': {
      let lr = r.lr;
      for (let k = 0; k < Math.floor(step / s.every); k++) lr *= s.gamma;
      return lr;
    }
    case 'cosine': {
      const etaMin = s.minLr ?? 0;
      const t = Math.min(step, s.totalSteps);
      return etaMin + ((r.lr - etaMin) * (1 + Math.cos((Math.PI * t) / s.totalSteps))) / 2;
    }
    default:
      return r.lr;
  }
}

/** Adam's bias corrections for update `step` (0-based, t = step + 1): 1 / (1 - beta^t). */
export function oracleBiasCorrections(r: ResolvedOptimizer, step: number): { c1: number; c2: number } {
  let b1t = 1;
  let b2t = 1;
  for (let k = 0; k <= step; k++) {
    b1t *= r.beta1;
    b2t *= r.beta2;
  }
  return { c1: 1 / (1 - b1t), c2: 1 / (1 - b2t) };
}

export interface OptimizerState { p: Float32Array; m1: Float32Array; m2: Float32Array }

/** One update `step` (0-based) of every element; returns false (nothing changed) when the gradient has Inf or NaN. */
export function optimizerOracle(r: ResolvedOptimizer, s: OptimizerState, g: Float32Array, step: number): boolean {
  const f = Math.fround;
  const { c1, c2 } = oracleBiasCorrections(r, step);
  const fr = {
    lr: f(oracleLearningRate(r, step)), momentum: f(r.momentum), weightDecay: f(r.weightDecay), beta1: f(r.beta1), beta2: f(r.beta2),
    oneMinusBeta1: f(1 - r.beta1), oneMinusBeta2: f(1 - r.beta2), eps: f(r.eps), c1: f(c1), c2: f(c2), maxNorm: f(r.maxNorm),
  };
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
