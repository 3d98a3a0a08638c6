/**
 * CPU oracle twin of host/learn/rules/mstdpet.ts (Florian 2007): the eligibility z takes A+- x trace
 * / tauZ at spikes; each step w += gammaDt M z, then z decays; f32 steps in the WGSL's order.
 */
import type { RuleTwin } from '../plastic';

const f = Math.fround;

export const mstdpetTwin: RuleTwin = {
  onPre(R, _variant, s, _pre, post) {
    s.z = f(s.z! + f(R.aMinusZ! * post.y!));
  },
  onPost(R, _variant, s, pre) {
    s.z = f(s.z! + f(R.aPlusZ! * pre.x!));
  },
  onStep(R, _variant, s, M) {
    s.w = f(s.w! + f(f(R.gammaDt! * M) * s.z!));
    s.z = f(s.z! * R.decayZ!);
  },
};
