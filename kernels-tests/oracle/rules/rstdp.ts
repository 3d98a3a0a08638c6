/**
 * CPU oracle twin of host/learn/rules/rstdp.ts (Izhikevich 2007): the eligibility c driven by STDP at
 * spikes, and each step w += etaDt M c then c decays, in f32 steps in the WGSL's order.
 */
import type { RuleTwin } from '../plastic';

const f = Math.fround;

export const rstdpTwin: RuleTwin = {
  onPre(R, _variant, s, _pre, post) {
    s.c = f(s.c! - f(R.aMinus! * post.y!));
  },
  onPost(R, _variant, s, pre) {
    s.c = f(s.c! + f(R.aPlus! * pre.x!));
  },
  onStep(R, _variant, s, M) {
    s.w = f(s.w! + f(f(R.etaDt! * M) * s.c!));
    s.c = f(s.c! * R.decayC!);
  },
};
