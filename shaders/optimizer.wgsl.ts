/**
 * optimizer: one update of every parameter, on the GPU, from its gradient (all tensors in one flat
 * buffer), as the published equations:
 *   SGD with momentum (PyTorch's form):  g += wd w;  m = mu m + g;  w -= lr m
 *   Adam (Kingma & Ba 2015):             g += wd w;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
 *                                        w -= lr (m c1) / (sqrt(v c2) + eps),  c1 = 1/(1 - b1^t), c2 = 1/(1 - b2^t)
 *   AdamW (Loshchilov & Hutter 2019):    w -= lr wd w, then Adam without the wd term
 * Gradients are first scaled by min(1, maxNorm / (||g|| + 1e-6)) when clipping (maxNorm > 0), from the
 * squared norms the gradNorm pass leaves per tensor. When any squared norm is not finite nothing is
 * updated, and `halt` records the update and tensor so that every later update is skipped too: the
 * weights stay the last good ones until the host reads the flag and reports it.
 *
 * gradNorm: squared L2 norm of each tensor's gradient in two passes (partial sums of fixed ranges,
 * then their sum per tensor), fixed order, so repeated runs give the same bits.
 */
export type OptimizerKind = 'sgd' | 'adam' | 'adamw';

export const NORM_WORKGROUP = 256;

export function optimizerShader(o: { kind: OptimizerKind; workgroupSize: number; frameStruct: string; tensors: number }): string {
  const update = o.kind === 'sgd'
    ? `
  let gd = g + noContract(frame.weightDecay * w);
  let m = noContract(frame.momentum * M1[e]) + gd;
  M1[e] = m;
  P[e] = w - noContract(frame.lr * m);`
    : `
  var wn = w;
  var gd = g;
  ${o.kind === 'adamw' ? 'wn = w - noContract(noContract(frame.lr * frame.weightDecay) * w);' : 'gd = g + noContract(frame.weightDecay * w);'}
  let m = noContract(frame.beta1 * M1[e]) + noContract(frame.oneMinusBeta1 * gd);
  let v = noContract(frame.beta2 * M2[e]) + noContract(frame.oneMinusBeta2 * noContract(gd * gd));
  M1[e] = m;
  M2[e] = v;
  let step = noContract(frame.lr * noContract(m * frame.c1)) / (sqrt(noContract(v * frame.c2)) + frame.eps);
  P[e] = wn - step;`;
  return `// optimizer — ${o.kind}, ${o.tensors} tensor(s) in one flat buffer.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read_write> P: array<f32>;
@group(0) @binding(2) var<storage, read> G: array<f32>;
@group(0) @binding(3) var<storage, read_write> M1: array<f32>;
@group(0) @binding(4) var<storage, read_write> M2: array<f32>;
@group(0) @binding(5) var<storage, read> norms: array<f32>;
// [halted, update, tensor]: set at the first update whose gradient was not finite; later updates skip.
@group(0) @binding(6) var<storage, read_write> halt: array<u32>;

fn noContract(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) ^ frame.noContract);
}

fn finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x + gid.y * frame.rowsPerY;
  if (e >= frame.count) {
    return;
  }
  if (halt[0] != 0u) {
    return;
  }
  var sumsq = 0.0;
  for (var j = 0u; j < ${o.tensors}u; j = j + 1u) {
    if (!finite(norms[j])) {
      if (e == 0u) {
        halt[0] = 1u;
        halt[1] = frame.step;
        halt[2] = j;
      }
      return;
    }
    sumsq = sumsq + norms[j];
  }
  var scale = 1.0;
  if (frame.maxNorm > 0.0) {
    scale = min(1.0, frame.maxNorm / (sqrt(sumsq) + 1e-6));
  }
  let w = P[e];
  let g = noContract(G[e] * scale);${update}
}
`;
}

/**
 * Pass 1 (partial): workgroup w sums the squares of elements [w * span, (w + 1) * span) of the
 * gradient buffer (span = frame.span), each thread a strided subset, then a tree in workgroup
 * memory. Pass 2 (final): tensor j sums the partials of its workgroups in order.
 */
export function gradNormShader(o: { pass: 'partial' | 'final'; frameStruct: string }): string {
  const W = NORM_WORKGROUP;
  if (o.pass === 'final') {
    return `// gradNorm — per-tensor sums of the partial squared norms.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> partial: array<f32>;
// Per tensor: first partial and number of partials.
@group(0) @binding(2) var<storage, read> ranges: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> norms: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= frame.tensors) {
    return;
  }
  let r = ranges[j];
  var s = 0.0;
  for (var q = 0u; q < r.y; q = q + 1u) {
    s = s + partial[r.x + q];
  }
  norms[j] = s;
}
`;
  }
  return `// gradNorm — partial squared norms over fixed ranges.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> G: array<f32>;
// Per workgroup: first element and element count (ranges never straddle two tensors).
@group(0) @binding(2) var<storage, read> spans: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> partial: array<f32>;
var<workgroup> sums: array<f32, ${W}>;

fn noContract(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) ^ frame.noContract);
}

@compute @workgroup_size(${W})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let w = wid.x + wid.y * frame.groupsPerY;
  var s = 0.0;
  if (w < frame.groups) {
    let span = spans[w];
    for (var q = lid; q < span.y; q = q + ${W}u) {
      let g = G[span.x + q];
      s = s + noContract(g * g);
    }
  }
  sums[lid] = s;
  workgroupBarrier();
  for (var h = ${W / 2}u; h > 0u; h = h >> 1u) {
    if (lid < h) {
      sums[lid] = sums[lid] + sums[lid + h];
    }
    workgroupBarrier();
  }
  if (lid == 0u && w < frame.groups) {
    partial[w] = sums[0];
  }
}
`;
}
