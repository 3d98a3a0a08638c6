/**
 * CPU oracle twin of host/learn/rules/mstdp.ts (Florian 2007): each spike's STDP term scaled by
 * gamma M, in f32 steps in the WGSL's order.
 */
import type { RuleTwin } from '../plastic';

const f = Math.fround;

export const mstdpTwin: RuleTwin = {
  onPre(R, _variant, s, _pre, post, M) {
    s.w = f(s.w! + f(f(R.gamma! * M) * f(R.aMinus! * post.y!)));
  },
  onPost(R, _variant, s, pre, _post, M) {
    s.w = f(s.w! + f(f(R.gamma! * M) * f(R.aPlus! * pre.x!)));
  },
};
