/**
 * CPU oracle twin of host/learn/rules/triplet.ts: Pfister & Gerstner's triplet rule in f32 steps, in
 * the WGSL's order (the framework clamps w to [wMin, wMax] after each statement).
 */
import type { RuleTwin } from '../plastic';

const f = Math.fround;

export const tripletTwin: RuleTwin = {
  // Depression at a presynaptic spike: o1 (A2- + A3- r2), r2 before this spike.
  onPre(R, _variant, s, pre, post) {
    s.w = f(s.w! - f(post.o1! * f(R.a2Minus! + f(R.a3Minus! * pre.r2!))));
  },
  // Potentiation at a postsynaptic spike: r1 (A2+ + A3+ o2), o2 before this spike.
  onPost(R, _variant, s, pre, post) {
    s.w = f(s.w! + f(pre.r1! * f(R.a2Plus! + f(R.a3Plus! * post.o2!))));
  },
};
