/**
 * tsodyksMarkram: short-term depression and facilitation (Tsodyks & Markram 1997; Tsodyks, Pawelzik
 * & Markram 1998). Each presynaptic neuron keeps a utilisation u (decaying to 0 with tauFacil) and
 * its used resources d = 1 - x (decaying to 0 with tauRec: x recovers to 1). At each presynaptic
 * spike reaching the synapses, before they deliver:
 *   u <- u + U (1 - u);   release = u x = u (1 - d);   d <- d + release
 * and every synapse of that neuron delivers w x release (the EPSC of spike n is w u_n x_n). The
 * state is per presynaptic neuron, exact because all its synapses in the projection see its spikes
 * at the same steps (one delay per projection). Weights do not learn (bounds +-f32 max); setWeights
 * still writes them. tauFacil = 0: no facilitation (u = U at every spike).
 * Presets (Tsodyks, Pawelzik & Markram 1998, Fig. 1): 'depressing' U = 0.5, tauRec = 800 ms,
 * tauFacil = 0; 'facilitating' U = 0.03, tauRec = 130 ms, tauFacil = 530 ms.
 * Oracle twin: kernels-tests/oracle/rules/tsodyksMarkram.ts; spec: kernels-tests/tsodyksMarkram.spec.ts.
 */
import { InvalidParameterError } from '../../errors.js';
import { requireNonNegative, requireOneOf, requirePositive } from '../../validate.js';
import type { RuleInstance, SynapseRule } from '../rule.js';

export const STP_PRESETS: Readonly<Record<string, { U: number; tauRec: number; tauFacil: number }>> = {
  depressing: { U: 0.5, tauRec: 800, tauFacil: 0 },
  facilitating: { U: 0.03, tauRec: 130, tauFacil: 530 },
};

export interface TsodyksMarkramParams {
  /** 'depressing' or 'facilitating'; parameters given beside it override it. */
  preset?: string;
  /** Utilisation increment at a spike (0 < U <= 1). */
  U?: number;
  /** Recovery time constant of the resources (ms, > 0). */
  tauRec?: number;
  /** Facilitation time constant of u (ms, >= 0; 0: none). */
  tauFacil?: number;
}

const KEYS = ['preset', 'U', 'tauRec', 'tauFacil'] as const;
const F32_MAX = 3.4028234663852886e38;

export const tsodyksMarkramRule: SynapseRule = {
  name: 'tsodyksMarkram',
  summary: 'short-term plasticity (Tsodyks & Markram): depression and facilitation per presynaptic neuron scale each delivered weight by u x',
  keys: KEYS,
  resolve(object, params): RuleInstance {
    const p = params as Partial<TsodyksMarkramParams>;
    const preset = p.preset === undefined ? null : STP_PRESETS[requireOneOf(object, 'preset', p.preset, Object.keys(STP_PRESETS))]!;
    const pick = (k: 'U' | 'tauRec' | 'tauFacil') => {
      const v = p[k] ?? preset?.[k];
      if (v === undefined) throw new InvalidParameterError(object, k, undefined, `a value (or a preset: ${Object.keys(STP_PRESETS).map((n) => `'${n}'`).join(', ')})`);
      return v;
    };
    const U = requirePositive(object, 'U', pick('U'), '');
    if (U > 1) throw new InvalidParameterError(object, 'U', U, 'a utilisation in (0, 1]');
    const tauRec = requirePositive(object, 'tauRec', pick('tauRec'), 'ms');
    const tauFacil = requireNonNegative(object, 'tauFacil', pick('tauFacil'), 'ms');
    return {
      rule: 'tsodyksMarkram',
      constants: { U: Math.fround(U) },
      preTraces: [{ name: 'u', tauMs: tauFacil, onSpike: 'keep', amount: 0 }, { name: 'd', tauMs: tauRec, onSpike: 'keep', amount: 0 }],
      postTraces: [],
      onPreSpike: 'pre_u = pre_u + nc(R.U * (1.0 - pre_u));\n  let release = nc(pre_u * (1.0 - pre_d));\n  pre_d = pre_d + release;',
      deliver: 'nc(w * release)',
      onPre: '',
      onPost: '',
      wMin: -F32_MAX, wMax: F32_MAX,
      variant: 'tm',
      tolerance: 0,
    };
  },
};
