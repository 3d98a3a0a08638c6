/**
 * lifTrain: a trainable feed-forward layer of LIF or ALIF neurons (or the leaky-integrator readout)
 * over T steps, forward and backward through time with a surrogate derivative, one thread per
 * (instance, neuron) walking the steps. The neuron step, its equations and its backward pass are
 * shaders/common/train-step.wgsl.ts (shared with the recurrent kernel recTrain).
 * Layout [t][b][n]. Forward reads the input currents I and overwrites them with the filtered current
 * i_t; it writes V (v_t before reset), Z (spikes) and, for alif, A (a_t). Backward takes dL/dz_t (GZ;
 * for the readout dL/dv_t) and V (and I, A), and writes dL/dI_t (GI, frame.steps + 1 rows: the last is
 * dL/dI of the step after); trainable per-neuron alpha and threshold are read from the parameter
 * buffer P. A dispatch covers a chunk of frame.steps steps (all T, or a checkpoint chunk whose
 * buffers hold only its rows): S (host/kernels/lifTrain.ts, stateLayout) carries the backward
 * derivatives between chunks, sums each instance's parameter gradients (at frame.pgAlpha,
 * frame.pgThreshold) and holds the forward checkpoints (p, i, a and the last spike at each chunk
 * start; frame.ckIn, frame.ckOut).
 */
import { LIF_MEMBRANE_WGSL } from './common/lif-membrane.wgsl.js';
import { backwardStepWgsl, forwardStepWgsl, PREVIOUS_I_WGSL, PREVIOUS_P_WGSL, type TrainStepOptions } from './common/train-step.wgsl.js';

export { surrogateWgsl, type SurrogateKind } from './common/train-step.wgsl.js';

export interface LifTrainShaderOptions extends TrainStepOptions {
  workgroupSize: number;
  pass: 'forward' | 'backward';
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

/** Storage bindings of a pass, in binding order (1...): name and whether read-only. */
export function lifTrainBindings(o: Pick<LifTrainShaderOptions, 'pass' | 'spiking' | 'model' | 'trainAlpha' | 'trainThreshold' | 'trainAlphaSyn'>): [string, boolean][] {
  const alif = o.spiking && o.model === 'alif';
  const params: [string, boolean][] = o.trainAlpha || o.trainThreshold || o.trainAlphaSyn ? [['P', true]] : [];
  if (o.pass === 'forward') {
    return [['I', false], ['V', false], ...(o.spiking ? [['Z', false]] : []), ...(alif ? [['A', false]] : []), ...params, ['S', false]] as [string, boolean][];
  }
  return [['GZ', true], ['V', true], ['GI', false], ...(o.trainAlpha || o.trainAlphaSyn ? [['I', true]] : []), ...(alif ? [['A', true]] : []), ...params, ['S', false]] as [string, boolean][];
}

export function lifTrainShader(o: LifTrainShaderOptions): string {
  const decl = lifTrainBindings(o).map(([name, ro], k) => `@group(0) @binding(${k + 1}) var<storage, ${ro ? 'read' : 'read_write'}> ${name}: array<f32>;`).join('\n');
  const stride2 = 'frame.stride + frame.stride';
  const forward = `
  let n = idx % frame.neurons;
  // The state the chunk starts from: a checkpoint, or rest.
  var s = NeuronState(0.0, 0.0, 0.0);
  var zLast = 0.0;
  if (frame.stateIn != 0u) {
    s = NeuronState(S[frame.ckIn + idx], S[frame.ckIn + frame.stride + idx], S[frame.ckIn + ${stride2} + idx]);
    zLast = S[frame.ckIn + ${stride2} + frame.stride + idx];
  }${o.spiking && o.delayed ? `
  Z[idx] = zLast;` : ''}
  for (var t = 0u; t < frame.steps; t = t + 1u) {
    let at = t * frame.stride + idx;
    let z = forwardStep(&s, n, at, I[at]);${o.spiking ? `
    Z[${o.delayed ? 'at + frame.stride' : 'at'}] = z;` : ''}
    zLast = z;
  }
  if (frame.stateOut != 0u) {
    S[frame.ckOut + idx] = s.p;
    S[frame.ckOut + frame.stride + idx] = s.i;
    S[frame.ckOut + ${stride2} + idx] = s.a;
    S[frame.ckOut + ${stride2} + frame.stride + idx] = zLast;
  }`;
  // dL/dz_t: with delayed spikes, row t + 1 of GZ (T + 1 rows; row T is 0 unless a regulariser set it).
  const gzIn = o.spiking && o.delayed ? 'GZ[at + frame.stride]' : 'GZ[at]';
  const backward = `
  let n = idx % frame.neurons;
  // The derivatives carried from the chunk after (none after the last step).
  var g = NeuronGrad(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
  if (frame.carryIn != 0u) {
    g = NeuronGrad(S[idx], S[${stride2} + idx], S[frame.stride + idx], S[frame.pgAlpha + idx], S[frame.pgAlphaSyn + idx], S[frame.pgThreshold + idx]);
  }
  // Row steps of GI: dL/dI of the step after the chunk (the product for the layer below reads it).
  GI[frame.steps * frame.stride + idx] = g.gi;
  for (var s = frame.steps; s > 0u; s = s - 1u) {
    let t = s - 1u;
    let at = t * frame.stride + idx;
    GI[at] = backwardStep(&g, n, at, t, ${gzIn});
  }
  S[idx] = g.gv;
  S[frame.stride + idx] = g.ga;
  S[${stride2} + idx] = g.gi;
  S[frame.pgAlpha + idx] = g.gAlpha;
  S[frame.pgThreshold + idx] = g.gThreshold;
  S[frame.pgAlphaSyn + idx] = g.gAlphaSyn;`;
  const what = o.spiking ? `${o.model === 'alif' ? 'ALIF' : 'LIF'} (${o.reset} reset${o.detachReset ? ', detached' : ''}, ${o.surrogate} surrogate${o.trainAlpha ? ', trainable alpha' : ''}${o.trainAlphaSyn ? ', trainable alphaSyn' : ''}${o.trainThreshold ? ', trainable threshold' : ''})` : `leaky-integrator readout${o.trainAlpha ? ' (trainable alpha)' : ''}${o.trainAlphaSyn ? ' (trainable alphaSyn)' : ''}`;
  return `// lifTrain — ${what}, ${o.pass} over T steps.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
${decl}
${LIF_MEMBRANE_WGSL}
${o.pass === 'forward' ? forwardStepWgsl(o) : backwardStepWgsl(o) + (o.trainAlpha ? PREVIOUS_P_WGSL : '') + (o.trainAlphaSyn ? PREVIOUS_I_WGSL : '')}

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let idx = gid.x + gid.y * frame.rowsPerY;
  if (idx >= frame.stride) {
    return;
  }${o.pass === 'forward' ? forward : backward}
}
`;
}
