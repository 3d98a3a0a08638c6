/**
 * recTrain: a trainable recurrent layer of LIF or ALIF neurons, forward and backward through time,
 * one workgroup per instance (its neurons share each step's spikes through workgroup memory). The
 * neuron step is shaders/common/train-step.wgsl.ts (as in lifTrain); the recurrent input of step t is
 * the previous step's spikes through the recurrent weights (the one-step delay of every projection):
 *   forward:  rec_t[n] = sum over j with z_{t-1}[j] = 1, ascending j, of R[j][n];  input = I_t[n] + rec_t[n]
 *   backward: dL/dz_t[n] = GZ_t[n] + sum over j, ascending, of R[n][j] dL/dI_{t+1}[j]
 * R lives in the parameter buffer P from frame.rAt (with the trainable alpha and threshold at qaAt,
 * qtAt): dense [N][N], or sparse, one weight per entry, entries sorted by post then pre. The sparse
 * index arrays share one u32 buffer idx (at frame offsets): pre[e], post[e], colStart[n] (the first
 * entry onto n), and for the backward sum the entries of each pre neuron n in post order:
 * byPre[rowStart[n] .. rowStart[n + 1]). (WebGPU guarantees only 8 storage buffers per stage.)
 * The forward skips silent neurons (event-driven); the backward is dense in dL/dI.
 * A dispatch covers rows [firstStep, endStep) of the layer's buffers, which hold frame.steps rows (all
 * T, or one checkpoint chunk); llvmpipe stops each invocation's loops after 65 535 iterations, so long
 * runs are split. At row 0 the forward state comes from a checkpoint in S (frame.stateIn, ckIn) or
 * rest, and the last dispatch stores the next checkpoint (stateOut, ckOut); later dispatches rebuild
 * it from the previous row's V, I (the filtered current), A and Z. Backward keeps dL/dv, dL/da, dL/di
 * (S from 0, stride, 2 stride) and the per-neuron parameter gradients (S from frame.pgAlpha,
 * frame.pgThreshold) between dispatches and chunks (frame.carryIn), and writes GI's row frame.steps.
 * The weight gradient of the sparse entries (pass 'weightGrad', one thread per entry) sums
 * Z[r][pre] GI[r][post] over rows r = t B + b in [firstRow, endRow), ascending, added to G[e] after the first chunk.
 */
import { LIF_MEMBRANE_WGSL } from './common/lif-membrane.wgsl.js';
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';
import { backwardStepWgsl, forwardStepWgsl, PREVIOUS_I_WGSL, PREVIOUS_P_WGSL, type TrainStepOptions } from './common/train-step.wgsl.js';

export interface RecTrainShaderOptions extends TrainStepOptions {
  workgroupSize: number;
  pass: 'forward' | 'backward' | 'weightGrad';
  sparse: boolean;
  /** Neurons per instance (sizes the workgroup arrays). */
  neurons: number;
  /** weightGrad: add to G even in the first chunk (gradients accumulating over micro-batches). */
  accumulate?: boolean;
  frameStruct: string;
}

/** Storage bindings of a pass, in binding order (1...): name and whether read-only. */
export function recTrainBindings(o: Pick<RecTrainShaderOptions, 'pass' | 'model' | 'sparse' | 'trainAlpha' | 'trainThreshold' | 'trainAlphaSyn'>): [string, boolean][] {
  const alif = o.model === 'alif';
  const list: [string, boolean][] = [];
  const add = (name: string, ro: boolean, when = true): void => { if (when) list.push([name, ro]); };
  if (o.pass === 'weightGrad') {
    add('Z', true); add('GI', true); add('idx', true); add('G', false);
    return list;
  }
  add('P', true);
  add('idx', true, o.sparse);
  if (o.pass === 'forward') {
    add('I', false); add('V', false); add('Z', false); add('A', false, alif); add('S', false);
  } else {
    add('GZ', true); add('V', true); add('GI', false); add('I', true, o.trainAlpha || o.trainAlphaSyn); add('A', true, alif);
    add('S', false);
  }
  return list;
}

const U32_ARRAYS = new Set(['idx']);

export function recTrainShader(o: RecTrainShaderOptions): string {
  const decl = recTrainBindings(o).map(([name, ro], k) =>
    `@group(0) @binding(${k + 1}) var<storage, ${ro ? 'read' : 'read_write'}> ${name}: array<${U32_ARRAYS.has(name) ? 'u32' : 'f32'}>;`).join('\n');
  if (o.pass === 'weightGrad') {
    return `// recTrain — sparse recurrent weight gradient, rows [firstRow, endRow).
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
${decl}
${NO_CONTRACT_WGSL}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x + gid.y * frame.rowsPerY;
  if (e >= frame.entries) {
    return;
  }
  let N = frame.neurons;
  var acc = 0.0;
  for (var r = frame.firstStep; r < frame.endStep; r = r + 1u) {
    acc = acc + noContract(Z[r * N + idx[frame.preAt + e]] * GI[r * N + idx[frame.postAt + e]]);
  }
  if (${o.accumulate ? 'false' : 'frame.firstStep == 0u'}) {
    G[e] = acc;
  } else {
    G[e] = G[e] + acc;
  }
}
`;
  }
  const K = Math.ceil(o.neurons / o.workgroupSize);
  const alif = o.model === 'alif';
  const recForward = o.sparse
    ? `for (var e = idx[frame.colAt + n]; e < idx[frame.colAt + n + 1u]; e = e + 1u) {
          if (peer[idx[frame.preAt + e]] != 0.0) {
            rec = rec + P[frame.rAt + e];
          }
        }`
    : `for (var j = 0u; j < N; j = j + 1u) {
          if (peer[j] != 0.0) {
            rec = rec + P[frame.rAt + j * N + n];
          }
        }`;
  const recBackward = o.sparse
    ? `for (var q = idx[frame.rowAt + n]; q < idx[frame.rowAt + n + 1u]; q = q + 1u) {
          let e = idx[frame.byPreAt + q];
          rec = rec + noContract(P[frame.rAt + e] * peer[idx[frame.postAt + e]]);
        }`
    : `for (var j = 0u; j < N; j = j + 1u) {
          rec = rec + noContract(P[frame.rAt + n * N + j] * peer[j]);
        }`;
  // `body` for each neuron n this thread owns (n = lid, lid + workgroupSize, ...; k its slot).
  const eachOwned = (body: string): string => `for (var k = 0u; k < ${K}u; k = k + 1u) {
    let n = lid + k * ${o.workgroupSize}u;
    if (n < N) {${body}
    }
  }`;
  // This step's values of the owned neurons become every thread's (peer), between barriers.
  const publish = (values: string): string => `workgroupBarrier();
    ${eachOwned(`
      peer[n] = ${values}[k];`)}
    workgroupBarrier();`;
  const forward = `
  // The state at firstStep: at the chunk's first row a checkpoint (or rest), else rebuilt from the row before.
  var st: array<NeuronState, ${K}>;
  ${eachOwned(`
      let cell = base + n;
      st[k] = NeuronState(0.0, 0.0, 0.0);
      if (frame.firstStep == 0u) {
        var z0 = 0.0;
        if (frame.stateIn != 0u) {
          st[k] = NeuronState(S[frame.ckIn + cell], S[frame.ckIn + frame.stride + cell], S[frame.ckIn + 2u * frame.stride + cell]);
          z0 = S[frame.ckIn + 3u * frame.stride + cell];
        }
        Z[cell] = z0;
        peer[n] = z0;
      } else {
        let zRow = frame.firstStep * frame.stride + cell;
        peer[n] = Z[zRow];
        let prev = zRow - frame.stride;${alif ? `
        let aPrev = A[prev];
        st[k] = NeuronState(afterReset(n, prev), I[prev], noContract(frame.rhoAdapt * aPrev) + noContract(frame.oneMinusRho * Z[zRow]));` : `
        st[k] = NeuronState(afterReset(n, prev), I[prev], 0.0);`}
      }`)}
  workgroupBarrier();
  var zNew: array<f32, ${K}>;
  for (var t = frame.firstStep; t < frame.endStep; t = t + 1u) {
    ${eachOwned(`
      let at = t * frame.stride + base + n;
      var rec = 0.0;
      ${recForward}
      var s = st[k];
      let z = forwardStep(&s, n, at, I[at] + rec);
      st[k] = s;
      Z[at + frame.stride] = z;
      zNew[k] = z;`)}
    ${publish('zNew')}
  }
  // The checkpoint for the next chunk: the state after the last step, and its spikes.
  if (frame.stateOut != 0u) {
    ${eachOwned(`
      let cell = base + n;
      S[frame.ckOut + cell] = st[k].p;
      S[frame.ckOut + frame.stride + cell] = st[k].i;
      S[frame.ckOut + 2u * frame.stride + cell] = st[k].a;
      S[frame.ckOut + 3u * frame.stride + cell] = zNew[k];`)}
  }`;
  const params = o.trainAlpha || o.trainThreshold || o.trainAlphaSyn;
  const backward = `
  // dL/dI of step endStep (0 past the last step) in peer; dL/dv, dL/da and the parameter sums from the chunk after.
  var gs: array<NeuronGrad, ${K}>;
  ${eachOwned(`
      let cell = base + n;
      gs[k] = NeuronGrad(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
      peer[n] = 0.0;
      if (frame.endStep < frame.steps || frame.carryIn != 0u) {
        let gi = S[2u * frame.stride + cell];
        peer[n] = gi;
        gs[k] = NeuronGrad(S[cell], gi, S[frame.stride + cell], ${params ? 'S[frame.pgAlpha + cell], S[frame.pgAlphaSyn + cell], S[frame.pgThreshold + cell]' : '0.0, 0.0, 0.0'});
      }
      if (frame.endStep == frame.steps) {
        // Row steps of GI: dL/dI of the step after the chunk (the product for the layer below reads it).
        GI[frame.steps * frame.stride + cell] = gs[k].gi;
      }`)}
  workgroupBarrier();
  var giNew: array<f32, ${K}>;
  for (var s = frame.endStep; s > frame.firstStep; s = s - 1u) {
    let t = s - 1u;
    ${eachOwned(`
      let at = t * frame.stride + base + n;
      var rec = 0.0;
      ${recBackward}
      var g = gs[k];
      let gi = backwardStep(&g, n, at, t, GZ[at + frame.stride] + rec);
      gs[k] = g;
      GI[at] = gi;
      giNew[k] = gi;`)}
    ${publish('giNew')}
  }
  ${eachOwned(`
      let cell = base + n;
      S[cell] = gs[k].gv;
      S[frame.stride + cell] = gs[k].ga;
      S[2u * frame.stride + cell] = gs[k].gi;${params ? `
      S[frame.pgAlpha + cell] = gs[k].gAlpha;
      S[frame.pgThreshold + cell] = gs[k].gThreshold;
      S[frame.pgAlphaSyn + cell] = gs[k].gAlphaSyn;` : ''}`)}`;
  const what = `${alif ? 'ALIF' : 'LIF'} (${o.reset} reset${o.detachReset ? ', detached' : ''}, ${o.surrogate} surrogate, ${o.sparse ? 'sparse' : 'dense'} recurrent weights${o.trainAlpha ? ', trainable alpha' : ''}${o.trainAlphaSyn ? ', trainable alphaSyn' : ''}${o.trainThreshold ? ', trainable threshold' : ''})`;
  return `// recTrain — recurrent ${what}, ${o.pass}, steps [firstStep, endStep).
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
${decl}
${LIF_MEMBRANE_WGSL}
${o.pass === 'forward' ? forwardStepWgsl(o) : backwardStepWgsl(o) + (o.trainAlpha ? PREVIOUS_P_WGSL : '') + (o.trainAlphaSyn ? PREVIOUS_I_WGSL : '')}

// Forward: this step's input spikes z_{t-1}; backward: dL/dI_{t+1}; one per neuron of the instance.
var<workgroup> peer: array<f32, ${o.neurons}>;

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let b = wid.x + wid.y * frame.rowsPerY;
  if (b >= frame.batch) {
    return;
  }
  let N = frame.neurons;
  let base = b * N;${o.pass === 'forward' ? forward : backward}
}
`;
}
