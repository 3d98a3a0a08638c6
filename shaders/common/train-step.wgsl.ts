/**
 * One step of a trainable neuron, forward and backward, shared by the feed-forward layer kernel
 * (lifTrain: one thread per instance and neuron) and the recurrent one (recTrain: one workgroup per
 * instance). The membrane is the simulator's lifMembrane, in units where rest and reset are 0:
 *   i_t = alphaSyn i_{t-1} + I_t
 *   v_t = lifMembrane(p_{t-1}, 0, rMem, i_t, alpha) = rMem i_t + (p_{t-1} - rMem i_t) alpha
 *   theta_t = threshold + beta a_t                                  (alif; lif: theta_t = threshold)
 *   z_t = [v_t >= theta_t];  p_t = v_t - theta_t z_t (soft) or v_t (1 - z_t) (hard)
 *   a_{t+1} = rho a_t + (1 - rho) z_t                               (alif, as the simulator's alif)
 * A readout (spiking = false) keeps p_t = v_t. alpha and threshold are the layer's constants, or per
 * neuron (trainable) from the parameter buffer P at frame.qaAt (alpha, clamped to [0, 1]) and frame.qtAt. The forward step writes V[at] = v_t,
 * I[at] = i_t (the filtered current replaces the input: the backward pass needs it, not the input) and,
 * for alif, A[at] = a_t.
 * Backward, with gv', gi', ga' the derivatives of the step after (dL/dv_{t+1}, dL/di_{t+1}, dL/da_{t+1}):
 *   gp = alpha gv'
 *   gz = gzIn + (1 - rho) ga' - [unless detached] theta_t gp (soft) or v_t gp (hard)
 *   gx = gz s(v_t - theta_t);  gv = gx + gp (soft) or gx + gp (1 - z_t) (hard)
 *   gtheta = -gx - [soft] z_t gp;  ga = rho ga' + beta gtheta;  dL/dthreshold += gtheta
 *   (a detached reset treats z_t in the reset as a constant; the soft reset's subtracted theta_t still
 *   carries its gradient)
 *   gi = rMem (1 - alpha) gv + alphaSyn gi';  dL/dalpha += gv (p_{t-1} - rMem i_t) (0 where clamped)
 *   dL/dalphaSyn += gi i_{t-1} (0 where clamped)
 * Every product passes through noContract, so the oracle (kernels-tests/oracle/lifTrain.ts) repeats
 * each rounding.
 */
/** The surrogate derivative's shape (docs/training.md). */
export type SurrogateKind = 'fastSigmoid' | 'arctan' | 'triangle' | 'exponential';

export interface TrainStepOptions {
  spiking: boolean;
  /** 'alif': adaptive threshold (needs A). */
  model: 'lif' | 'alif';
  reset: 'soft' | 'hard';
  detachReset: boolean;
  surrogate: SurrogateKind;
  /** Per-neuron alpha from QA (trainable). */
  trainAlpha: boolean;
  /** Per-neuron synaptic decay alphaSyn from P at frame.qsAt (trainable; clamped to [0, 1]). */
  trainAlphaSyn: boolean;
  /** Per-neuron threshold from QT (trainable). */
  trainThreshold: boolean;
}

/** The surrogate derivative s(x), x = v - theta, with frame.slope and frame.scale. */
export function surrogateWgsl(kind: SurrogateKind): string {
  switch (kind) {
    // SuperSpike (Zenke & Ganguli 2018): scale / (slope |x| + 1)^2.
    case 'fastSigmoid': return `
fn surrogate(x: f32) -> f32 {
  let d = noContract(frame.slope * abs(x)) + 1.0;
  return frame.scale / noContract(d * d);
}`;
    // Fang et al. 2021 (SpikingJelly ATan): scale * slope / 2 / (1 + (pi/2 slope x)^2).
    case 'arctan': return `
fn surrogate(x: f32) -> f32 {
  let y = noContract(noContract(frame.halfPiSlope * x) * noContract(frame.halfPiSlope * x));
  return noContract(frame.scale * frame.halfSlope) / (1.0 + y);
}`;
    // Bellec et al. 2018: scale * max(0, 1 - slope |x|).
    case 'triangle': return `
fn surrogate(x: f32) -> f32 {
  return noContract(frame.scale * max(0.0, 1.0 - noContract(frame.slope * abs(x))));
}`;
    // scale * exp(-slope |x|).
    case 'exponential': return `
fn surrogate(x: f32) -> f32 {
  return noContract(frame.scale * exp(-noContract(frame.slope * abs(x))));
}`;
  }
}

/** Frame fields the step functions read (append to the kernel's frame). */
export const TRAIN_STEP_FRAME_FIELDS: [string, 'f32' | 'u32'][] = [
  ['qaAt', 'u32'], ['qtAt', 'u32'], ['qsAt', 'u32'], ['alphaMem', 'f32'], ['rMem', 'f32'], ['threshold', 'f32'], ['alphaSyn', 'f32'],
  ['slope', 'f32'], ['scale', 'f32'], ['halfPiSlope', 'f32'], ['halfSlope', 'f32'],
  ['beta', 'f32'], ['rhoAdapt', 'f32'], ['oneMinusRho', 'f32'],
];

/** Per-neuron parameter accessors. */
function paramsWgsl(o: TrainStepOptions): string {
  const alif = o.spiking && o.model === 'alif';
  return `
fn neuronAlpha(n: u32) -> f32 {
  return ${o.trainAlpha ? 'clamp(P[frame.qaAt + n], 0.0, 1.0)' : 'frame.alphaMem'};
}

fn neuronAlphaSyn(n: u32) -> f32 {
  return ${o.trainAlphaSyn ? 'clamp(P[frame.qsAt + n], 0.0, 1.0)' : 'frame.alphaSyn'};
}

fn neuronThreshold(n: u32) -> f32 {
  return ${o.trainThreshold ? 'P[frame.qtAt + n]' : 'frame.threshold'};
}

fn theta(n: u32, a: f32) -> f32 {
  return neuronThreshold(n)${alif ? ' + noContract(frame.beta * a)' : ''};
}`;
}

/** The state after step t - 1's reset, rebuilt from V, A at flat index `at` (p_{t-1}); 0 without one. */
function prevStateWgsl(o: TrainStepOptions): string {
  if (!o.spiking) return `
fn afterReset(n: u32, at: u32) -> f32 {
  return V[at];
}`;
  const alif = o.model === 'alif';
  return `
fn afterReset(n: u32, at: u32) -> f32 {
  let v = V[at];
  let th = theta(n, ${alif ? 'A[at]' : '0.0'});
  if (v >= th) {
    return ${o.reset === 'soft' ? 'v - th' : '0.0'};
  }
  return v;
}`;
}

/** WGSL of the forward step (bindings I, V, A (alif), P (trainable parameters), frame must exist). */
export function forwardStepWgsl(o: TrainStepOptions): string {
  const alif = o.spiking && o.model === 'alif';
  const spike = !o.spiking ? '' : `
  let th = theta(n, (*s).a);
  if (v >= th) {
    z = 1.0;
    p = ${o.reset === 'soft' ? 'v - th' : '0.0'};
  }${alif ? `
  A[at] = (*s).a;
  (*s).a = noContract(frame.rhoAdapt * (*s).a) + noContract(frame.oneMinusRho * z);` : ''}`;
  return `${paramsWgsl(o)}
${prevStateWgsl(o)}

struct NeuronState {
  p: f32,
  i: f32,
  a: f32,
}

// Step t of neuron n at flat index at: returns z_t.
fn forwardStep(s: ptr<function, NeuronState>, n: u32, at: u32, input: f32) -> f32 {
  let i = noContract(neuronAlphaSyn(n) * (*s).i) + input;
  let v = lifMembrane((*s).p, 0.0, frame.rMem, i, neuronAlpha(n));
  I[at] = i;
  V[at] = v;
  var z = 0.0;
  var p = v;${spike}
  (*s).p = p;
  (*s).i = i;
  return z;
}`;
}

/**
 * WGSL of the backward step (bindings V, I (trainAlpha, trainAlphaSyn), A (alif), P (trainable
 * parameters), S, frame). With trainAlpha it calls previousP(n, at, row) (PREVIOUS_P_WGSL), with
 * trainAlphaSyn previousI(at, row) (PREVIOUS_I_WGSL): the row before, or at a buffer's first row the
 * state its chunk started from.
 */
export function backwardStepWgsl(o: TrainStepOptions): string {
  const alif = o.spiking && o.model === 'alif';
  const needTheta = alif || o.trainThreshold;
  let body: string;
  if (!o.spiking) {
    body = `
  let gv = gzIn + gp;`;
  } else {
    const detach = o.detachReset ? '' : o.reset === 'soft' ? `
  gz = gz - noContract(th * gp);` : `
  gz = gz - noContract(v * gp);`;
    body = `
  let th = theta(n, ${alif ? 'A[at]' : '0.0'});
  let z = select(0.0, 1.0, v >= th);
  var gz = gzIn${alif ? ' + noContract(frame.oneMinusRho * (*g).ga)' : ''};${detach}
  let gx = noContract(gz * surrogate(v - th));
  let gv = gx + ${o.reset === 'soft' ? 'gp' : 'noContract(gp * (1.0 - z))'};${needTheta ? `
  var gth = -gx;${o.reset === 'soft' ? `
  gth = gth - noContract(z * gp);` : ''}` : ''}${alif ? `
  (*g).ga = noContract(frame.rhoAdapt * (*g).ga) + noContract(frame.beta * gth);` : ''}${o.trainThreshold ? `
  (*g).gThreshold = (*g).gThreshold + gth;` : ''}`;
  }
  const alphaGrad = !o.trainAlpha ? '' : `
  let raw = P[frame.qaAt + n];
  if (raw >= 0.0 && raw <= 1.0) {
    let pPrev = previousP(n, at, t);
    (*g).gAlpha = (*g).gAlpha + noContract(gv * (pPrev - noContract(frame.rMem * I[at])));
  }`;
  return `${paramsWgsl(o)}
${o.trainAlpha ? prevStateWgsl(o) : ''}
${o.spiking ? surrogateWgsl(o.surrogate) : ''}

struct NeuronGrad {
  gv: f32,
  gi: f32,
  ga: f32,
  gAlpha: f32,
  gAlphaSyn: f32,
  gThreshold: f32,
}

// Step t (backwards; t is the row in the layer's buffers) of neuron n at flat index at, with dL/dz_t from outside (dL/dv_t for a readout): returns dL/dI_t.
fn backwardStep(g: ptr<function, NeuronGrad>, n: u32, at: u32, t: u32, gzIn: f32) -> f32 {
  let v = V[at];
  let alpha = neuronAlpha(n);
  let gp = noContract(alpha * (*g).gv);${body}${alphaGrad}
  let gi = noContract(noContract(frame.rMem * (1.0 - alpha)) * gv) + noContract(neuronAlphaSyn(n) * (*g).gi);${o.trainAlphaSyn ? `
  let rawSyn = P[frame.qsAt + n];
  if (rawSyn >= 0.0 && rawSyn <= 1.0) {
    (*g).gAlphaSyn = (*g).gAlphaSyn + noContract(gi * previousI(at, t));
  }` : ''}
  (*g).gv = gv;
  (*g).gi = gi;
  return gi;
}`;
}

/**
 * i_{t-1} for the alphaSyn gradient at flat index `at`, buffer row `row`: the filtered current of the
 * row before, or at a chunk's first row its checkpoint's i; 0 at step 0.
 */
export const PREVIOUS_I_WGSL = `
fn previousI(at: u32, row: u32) -> f32 {
  if (row > 0u) {
    return I[at - frame.stride];
  }
  if (frame.stateIn != 0u) {
    return S[frame.ckIn + frame.stride + at];
  }
  return 0.0;
}`;

/**
 * p_{t-1} for the alpha gradient at flat index `at`, buffer row `row`: rebuilt from the previous row,
 * or at row 0 of a chunk that started from a checkpoint (frame.stateIn), its stored p; 0 at step 0.
 */
export const PREVIOUS_P_WGSL = `
fn previousP(n: u32, at: u32, row: u32) -> f32 {
  if (row > 0u) {
    return afterReset(n, at - frame.stride);
  }
  if (frame.stateIn != 0u) {
    return S[frame.ckIn + at];
  }
  return 0.0;
}`;

/** Frame fields of a chunk of steps (both layer kernels). */
export const TRAIN_CHUNK_FRAME_FIELDS: [string, 'u32'][] = [
  ['stateIn', 'u32'], ['stateOut', 'u32'], ['carryIn', 'u32'], ['ckIn', 'u32'], ['ckOut', 'u32'], ['pgAlpha', 'u32'], ['pgThreshold', 'u32'], ['pgAlphaSyn', 'u32'],
];
