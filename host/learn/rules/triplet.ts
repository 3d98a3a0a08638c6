/**
 * triplet: the triplet STDP rule of Pfister & Gerstner 2006 (J Neurosci 26:9673), with fast and slow
 * presynaptic traces r1 (tauPlus), r2 (tauX) and postsynaptic traces o1 (tauMinus), o2 (tauY):
 *   at a presynaptic spike:  w <- w - o1 (A2- + A3- r2)     (r2 before this spike)
 *   at a postsynaptic spike: w <- w + r1 (A2+ + A3+ o2)     (o2 before this spike)
 * then the spiking neuron's traces take the spike: +1 each ('allToAll') or set to 1 ('nearest', the
 * paper's nearest-spike interaction); hard bounds [wMin, wMax] (additive). The A3 terms make the rule
 * frequency dependent (Sjöström et al. 2001): pairings at low rate depress, at high rate potentiate.
 * Presets: the paper's fits to visual cortex data (Table 3: all-to-all minimal and full, nearest-spike
 * full) and to hippocampal cultures (Table 4: all-to-all full, nearest-spike full); parameters given
 * beside a preset override it. Amplitudes are in the weight's unit.
 * Oracle twin: kernels-tests/oracle/rules/triplet.ts; spec: kernels-tests/triplet.spec.ts.
 */
import { requireNonNegative, requireOneOf, requirePositive } from '../../validate.js';
import { requireWeightRange, type RuleInstance, type SynapseRule } from '../rule.js';

export interface TripletSet {
  pairing: 'allToAll' | 'nearest';
  tauPlus: number;
  tauMinus: number;
  tauX: number;
  tauY: number;
  a2Plus: number;
  a3Plus: number;
  a2Minus: number;
  a3Minus: number;
}

/**
 * Pfister & Gerstner 2006's parameter sets (time constants in ms). tauPlus 16.8 and tauMinus 33.7 ms
 * are fixed from Bi & Poo's window in every set. Where a set has A3- = 0, tauX changes nothing (the
 * paper leaves it blank); 101 ms is carried so the trace is defined.
 */
export const TRIPLET_PRESETS: Readonly<Record<string, TripletSet>> = {
  visualCortexAllToAllMinimal: { pairing: 'allToAll', tauPlus: 16.8, tauMinus: 33.7, tauX: 101, tauY: 114, a2Plus: 0, a3Plus: 6.5e-3, a2Minus: 7.1e-3, a3Minus: 0 },
  visualCortexAllToAllFull: { pairing: 'allToAll', tauPlus: 16.8, tauMinus: 33.7, tauX: 101, tauY: 125, a2Plus: 5e-10, a3Plus: 6.2e-3, a2Minus: 7e-3, a3Minus: 2.3e-4 },
  visualCortexNearestFull: { pairing: 'nearest', tauPlus: 16.8, tauMinus: 33.7, tauX: 714, tauY: 40, a2Plus: 8.8e-11, a3Plus: 5.3e-2, a2Minus: 6.6e-3, a3Minus: 3.1e-3 },
  hippocampalAllToAllFull: { pairing: 'allToAll', tauPlus: 16.8, tauMinus: 33.7, tauX: 946, tauY: 27, a2Plus: 6.1e-3, a3Plus: 6.7e-3, a2Minus: 1.6e-3, a3Minus: 1.4e-3 },
  hippocampalNearestFull: { pairing: 'nearest', tauPlus: 16.8, tauMinus: 33.7, tauX: 575, tauY: 47, a2Plus: 4.6e-3, a3Plus: 9.1e-3, a2Minus: 3e-3, a3Minus: 7.5e-9 },
};

export interface TripletParams extends Partial<TripletSet> {
  /** One of TRIPLET_PRESETS' names; default 'visualCortexAllToAllFull'. */
  preset?: string;
  wMin?: number;
  wMax: number;
}

const KEYS = ['preset', 'pairing', 'tauPlus', 'tauMinus', 'tauX', 'tauY', 'a2Plus', 'a3Plus', 'a2Minus', 'a3Minus', 'wMin', 'wMax'] as const;

export const tripletRule: SynapseRule = {
  name: 'triplet',
  summary: 'triplet STDP (Pfister & Gerstner 2006): pair and triplet terms, all-to-all or nearest-spike, with the paper\'s visual-cortex and hippocampal parameter sets',
  keys: KEYS,
  resolve(object, params): RuleInstance {
    const p = params as Partial<TripletParams>;
    const names = Object.keys(TRIPLET_PRESETS);
    const preset = TRIPLET_PRESETS[requireOneOf(object, 'preset', p.preset ?? 'visualCortexAllToAllFull', names)]!;
    const { wMin, wMax } = requireWeightRange(object, p, 'The triplet rule');
    const pairing = requireOneOf(object, 'pairing', p.pairing ?? preset.pairing, ['allToAll', 'nearest'] as const);
    const tau = (k: 'tauPlus' | 'tauMinus' | 'tauX' | 'tauY') => requirePositive(object, k, p[k] ?? preset[k], 'ms');
    const amp = (k: 'a2Plus' | 'a3Plus' | 'a2Minus' | 'a3Minus') => requireNonNegative(object, k, p[k] ?? preset[k], 'weight unit');
    const f = Math.fround;
    const mode = pairing === 'allToAll' ? 'add' : 'set';
    return {
      rule: 'triplet',
      constants: { a2Plus: f(amp('a2Plus')), a3Plus: f(amp('a3Plus')), a2Minus: f(amp('a2Minus')), a3Minus: f(amp('a3Minus')) },
      preTraces: [{ name: 'r1', tauMs: tau('tauPlus'), onSpike: mode, amount: 1 }, { name: 'r2', tauMs: tau('tauX'), onSpike: mode, amount: 1 }],
      postTraces: [{ name: 'o1', tauMs: tau('tauMinus'), onSpike: mode, amount: 1 }, { name: 'o2', tauMs: tau('tauY'), onSpike: mode, amount: 1 }],
      onPre: 'w = w - nc(post_o1 * (R.a2Minus + nc(R.a3Minus * pre_r2)));',
      onPost: 'w = w + nc(pre_r1 * (R.a2Plus + nc(R.a3Plus * post_o2)));',
      wMin, wMax,
      variant: pairing,
      tolerance: 0,
    };
  },
};
