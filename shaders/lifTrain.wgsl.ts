/**
 * lifTrain: a trainable layer of LIF neurons over T steps (forward, and the backward pass through
 * time with a surrogate derivative), one thread per (instance, neuron) walking the steps. The
 * membrane is the simulator's own lifMembrane (shaders/common/lif-membrane.wgsl.ts), in units where
 * rest and reset are 0:
 *   i_t = alphaSyn i_{t-1} + I_t                       (alphaSyn = 0: plain LIF; else CubaLIF)
 *   v_t = lifMembrane(p_{t-1}, 0, rMem, i_t, alphaMem) = alphaMem p_{t-1} + (1 - alphaMem) rMem i_t
 *   z_t = [v_t >= threshold];  p_t = v_t - threshold z_t (soft) or v_t (1 - z_t) (hard)
 * Without spikes (spiking = false) it is the leaky-integrator readout: p_t = v_t.
 * Layout: [t][b][n]. Forward writes V (v_t before reset) and Z; backward takes dL/dz_t (GZ; for the
 * readout dL/dv_t) and V, and writes dL/dI_t (GI):
 *   gp_t = alphaMem gv_{t+1};  c = rMem (1 - alphaMem)
 *   soft: gz = GZ_t - threshold gp_t [unless the reset is detached];  gv_t = gz s_t + gp_t
 *   hard: gz = GZ_t - v_t gp_t [unless detached];                      gv_t = gz s_t + gp_t (1 - z_t)
 *   readout: gv_t = GZ_t + gp_t
 *   gi_t = c gv_t + alphaSyn gi_{t+1};  GI_t = gi_t
 * with s_t the surrogate derivative at v_t - threshold. Products pass through noContract, so the
 * oracle (kernels-tests/oracle/lifTrain.ts) reproduces forward and backward bit for bit (the
 * exponential surrogate uses exp, whose precision WGSL leaves to the implementation).
 */
import { LIF_MEMBRANE_WGSL } from './common/lif-membrane.wgsl';

export type SurrogateKind = 'fastSigmoid' | 'arctan' | 'triangle' | 'exponential';

export interface LifTrainShaderOptions {
  workgroupSize: number;
  pass: 'forward' | 'backward';
  spiking: boolean;
  reset: 'soft' | 'hard';
  detachReset: boolean;
  surrogate: SurrogateKind;
  /**
   * Spikes reach the next layer one step later (as in the event-driven simulator, whose minimum delay
   * is one step): Z holds T + 1 steps, z_t at step t + 1 and zeros at step 0 (never written), so the
   * next layer's product Z[0..T) W sees z_{t-1} at step t; backward reads dL/dz_t at row t + 1 of GZ
   * (GZ also holds T + 1 rows: the product writes rows 0..T-1, row T is dL/dz_{T-1}, 0 unless a
   * firing-rate regulariser sets it).
   */
  delayed: boolean;
  frameStruct: string;
}

/** The surrogate derivative s(x), x = v - threshold, with frame.slope and frame.scale. */
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

export function lifTrainShader(o: LifTrainShaderOptions): string {
  const io = o.pass === 'forward'
    ? `@group(0) @binding(1) var<storage, read> I: array<f32>;
@group(0) @binding(2) var<storage, read_write> V: array<f32>;${o.spiking ? `
@group(0) @binding(3) var<storage, read_write> Z: array<f32>;` : ''}`
    : `@group(0) @binding(1) var<storage, read> GZ: array<f32>;
@group(0) @binding(2) var<storage, read> V: array<f32>;
@group(0) @binding(3) var<storage, read_write> GI: array<f32>;`;
  const resetFwd = !o.spiking ? '' : o.reset === 'soft'
    ? `
    if (v >= frame.threshold) {
      z = 1.0;
      v = v - frame.threshold;
    }`
    : `
    if (v >= frame.threshold) {
      z = 1.0;
      v = 0.0;
    }`;
  const forward = `
  var v = 0.0;
  var i = 0.0;
  for (var t = 0u; t < frame.steps; t = t + 1u) {
    let at = t * frame.stride + idx;
    i = noContract(frame.alphaSyn * i) + I[at];
    v = lifMembrane(v, 0.0, frame.rMem, i, frame.alphaMem);
    V[at] = v;
${o.spiking ? `    var z = 0.0;${resetFwd}
    Z[${o.delayed ? 'at + frame.stride' : 'at'}] = z;
` : ''}  }`;
  // dL/dz_t: with delayed spikes, row t + 1 of GZ (T + 1 rows; row T is 0 unless a regulariser set it).
  const gzIn = o.delayed ? 'GZ[at + frame.stride]' : 'GZ[at]';
  const gvSpiking = o.reset === 'soft'
    ? `
    let gz = ${gzIn}${o.detachReset ? '' : ' - noContract(frame.threshold * gp)'};
    let gv = noContract(gz * surrogate(v - frame.threshold)) + gp;`
    : `
    let z = select(0.0, 1.0, v >= frame.threshold);
    let gz = ${gzIn}${o.detachReset ? '' : ' - noContract(v * gp)'};
    let gv = noContract(gz * surrogate(v - frame.threshold)) + noContract(gp * (1.0 - z));`;
  const backward = `
  var gvNext = 0.0;
  var giNext = 0.0;
  for (var s = frame.steps; s > 0u; s = s - 1u) {
    let at = (s - 1u) * frame.stride + idx;
    let v = V[at];
    let gp = noContract(frame.alphaMem * gvNext);${o.spiking ? gvSpiking : `
    let gv = GZ[at] + gp;`}
    let gi = noContract(frame.inputGain * gv) + noContract(frame.alphaSyn * giNext);
    GI[at] = gi;
    gvNext = gv;
    giNext = gi;
  }`;
  return `// lifTrain — ${o.spiking ? `LIF (${o.reset} reset${o.detachReset ? ', detached' : ''}, ${o.surrogate} surrogate)` : 'leaky-integrator readout'}, ${o.pass} over T steps.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
${io}
${LIF_MEMBRANE_WGSL}
${o.pass === 'backward' && o.spiking ? surrogateWgsl(o.surrogate) : ''}

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let idx = gid.x + gid.y * frame.rowsPerY;
  if (idx >= frame.stride) {
    return;
  }${o.pass === 'forward' ? forward : backward}
}
`;
}
