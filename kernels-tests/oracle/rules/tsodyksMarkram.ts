/**
 * CPU oracle twin of host/learn/rules/tsodyksMarkram.ts: at each arriving presynaptic spike,
 * u += U (1 - u), release = u (1 - d), d += release; each synapse delivers w x release. f32 steps in
 * the WGSL's order; u and d decay between spikes as the framework's traces do.
 */
import type { RuleTwin } from '../plastic';

const f = Math.fround;

export const tsodyksMarkramTwin: RuleTwin = {
  onPreSpike(R, _variant, pre) {
    pre.u = f(pre.u! + f(R.U! * f(1 - pre.u!)));
    const release = f(pre.u * f(1 - pre.d!));
    pre.d = f(pre.d! + release);
    return { release };
  },
  deliver(_R, _variant, s, spike) {
    return f(s.w! * spike.release!);
  },
};
