/**
 * lifTrain: a trainable feed-forward layer of LIF or ALIF neurons (or the leaky-integrator readout)
 * over T steps, forward and backward through time with a surrogate derivative, one thread per
 * (instance, neuron) walking the steps. The neuron step, its equations and its backward pass are
 * shaders/common/train-step.wgsl.ts (shared with the recurrent kernel recTrain).
 * Layout [t][b][n]. Forward reads the input currents I and overwrites them with the filtered current
 * i_t; it writes V (v_t before reset), Z (spikes) and, for alif, A (a_t). Backward takes dL/dz_t (GZ;
 * for the readout dL/dv_t) and V (and I, A), and writes dL/dI_t (GI); with trainable per-neuron alpha
 * or threshold (read from the parameter buffer P) it writes each instance's summed gradients into PG
 * ([B][N] alpha from frame.pgAlpha, [B][N] threshold from frame.pgThreshold: 256-byte aligned offsets).
 */
import { LIF_MEMBRANE_WGSL } from './common/lif-membrane.wgsl';
import { backwardStepWgsl, forwardStepWgsl, type TrainStepOptions } from './common/train-step.wgsl';

export type SurrogateKind = 'fastSigmoid' | 'arctan' | 'triangle' | 'exponential';
export { surrogateWgsl } from './common/train-step.wgsl';

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
export function lifTrainBindings(o: Pick<LifTrainShaderOptions, 'pass' | 'spiking' | 'model' | 'trainAlpha' | 'trainThreshold'>): [string, boolean][] {
  const alif = o.spiking && o.model === 'alif';
  const params: [string, boolean][] = o.trainAlpha || o.trainThreshold ? [['P', true]] : [];
  if (o.pass === 'forward') {
    return [['I', false], ['V', false], ...(o.spiking ? [['Z', false]] : []), ...(alif ? [['A', false]] : []), ...params] as [string, boolean][];
  }
  return [['GZ', true], ['V', true], ['GI', false], ...(o.trainAlpha ? [['I', true]] : []), ...(alif ? [['A', true]] : []), ...params,
    ...(o.trainAlpha || o.trainThreshold ? [['PG', false]] : [])] as [string, boolean][];
}

export function lifTrainShader(o: LifTrainShaderOptions): string {
  const decl = lifTrainBindings(o).map(([name, ro], k) => `@group(0) @binding(${k + 1}) var<storage, ${ro ? 'read' : 'read_write'}> ${name}: array<f32>;`).join('\n');
  const forward = `
  let n = idx % frame.neurons;
  var s = NeuronState(0.0, 0.0, 0.0);
  for (var t = 0u; t < frame.steps; t = t + 1u) {
    let at = t * frame.stride + idx;
    let z = forwardStep(&s, n, at, I[at]);${o.spiking ? `
    Z[${o.delayed ? 'at + frame.stride' : 'at'}] = z;` : ''}
  }`;
  // dL/dz_t: with delayed spikes, row t + 1 of GZ (T + 1 rows; row T is 0 unless a regulariser set it).
  const gzIn = o.spiking && o.delayed ? 'GZ[at + frame.stride]' : 'GZ[at]';
  const backward = `
  let n = idx % frame.neurons;
  var g = NeuronGrad(0.0, 0.0, 0.0, 0.0, 0.0);
  for (var s = frame.steps; s > 0u; s = s - 1u) {
    let t = s - 1u;
    let at = t * frame.stride + idx;
    GI[at] = backwardStep(&g, n, at, t, ${gzIn});
  }${o.trainAlpha || o.trainThreshold ? `
  PG[frame.pgAlpha + idx] = g.gAlpha;
  PG[frame.pgThreshold + idx] = g.gThreshold;` : ''}`;
  const what = o.spiking ? `${o.model === 'alif' ? 'ALIF' : 'LIF'} (${o.reset} reset${o.detachReset ? ', detached' : ''}, ${o.surrogate} surrogate${o.trainAlpha ? ', trainable alpha' : ''}${o.trainThreshold ? ', trainable threshold' : ''})` : `leaky-integrator readout${o.trainAlpha ? ' (trainable alpha)' : ''}`;
  return `// lifTrain — ${what}, ${o.pass} over T steps.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
${decl}
${LIF_MEMBRANE_WGSL}
${o.pass === 'forward' ? forwardStepWgsl(o) : backwardStepWgsl(o)}

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let idx = gid.x + gid.y * frame.rowsPerY;
  if (idx >= frame.stride) {
    return;
  }${o.pass === 'forward' ? forward : backward}
}
`;
}
