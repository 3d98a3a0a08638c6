/**
 * CPU oracle twin of host/learn/rules/stdp.ts: the same statements in f32 steps (Math.fround after
 * every operation, in the WGSL's order), written out for each weight dependence. The weight assigned
 * is before the framework's clamp to [wMin, wMax] (kernels-tests/oracle/plastic.ts applies it).
 */
import type { RuleTwin } from '../plastic';

const f = Math.fround;

export const stdpTwin: RuleTwin = {
  onPre(R, variant, s, _pre, post) {
    const w = s.w!;
    const factor = variant === 'additive' ? 1
      : variant === 'multiplicative' ? f(f(w - R.wMin!) * R.invRange!)
        : variant === 'gutig' ? f(Math.pow(f(f(w - R.wMin!) * R.invRange!), R.mu!))
          : w; // vanRossum: LTD proportional to w
    s.w = f(w - f(f(R.aMinus! * factor) * post.y!));
  },
  onPost(R, variant, s, pre) {
    const w = s.w!;
    const factor = variant === 'multiplicative' ? f(f(R.wMax! - w) * R.invRange!)
      : variant === 'gutig' ? f(Math.pow(f(f(R.wMax! - w) * R.invRange!), R.mu!))
        : 1; // additive and vanRossum: additive LTP
    s.w = f(w + f(f(R.aPlus! * factor) * pre.x!));
  },
};
