/**
 * rateReg: firing-rate regularisers of a hidden layer (Zenke & Vogels 2021), added to its dL/dz and
 * to the loss. With zeta_bh = sum_t z_t (the spikes of neuron h in sample b) and N neurons:
 *   lower bound, per neuron:        L_l = strengthLower / N * sum_h max(0, countLower - zeta_bh)^2
 *   upper bound, population mean:   L_u = strengthUpper * max(0, mean_h zeta_bh - countUpper)^2
 * averaged over the batch's valid instances. Three passes (so no invocation loops more than N or T
 * times): 'count' (one thread per (b, h): zeta), 'mean' (one per b: the upper term, its gradient
 * share and the loss), 'grad' (one per (b, h): dL/dz_t = dL/dzeta for every step, added to GZ in the
 * delayed layout, where row t + 1 holds dL/dz_t; row T, which no product writes, is set here).
 */
export interface RateRegShaderOptions {
  workgroupSize: number;
  pass: 'count' | 'mean' | 'grad';
  frameStruct: string;
}

export function rateRegShader(o: RateRegShaderOptions): string {
  const head = `// rateReg — spike-count bounds on a hidden layer (Zenke & Vogels 2021), ${o.pass} pass.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
// Spikes in the delayed layout: z_t at row t + 1 (T + 1 rows).
@group(0) @binding(1) var<storage, read> Z: array<f32>;
@group(0) @binding(2) var<storage, read_write> GZ: array<f32>;
// Per instance: loss (f32 bits), correct, predicted (the regularisers add to the loss).
@group(0) @binding(3) var<storage, read_write> stats: array<u32>;
// zeta per (b, h), then per b the upper bound's gradient share.
@group(0) @binding(4) var<storage, read_write> counts: array<f32>;
@group(0) @binding(5) var<storage, read_write> upper: array<f32>;
`;
  // The 'count' and 'grad' passes: one thread per (b, h), e = b * N + h.
  const perElement = (body: string): string => `${head}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x + gid.y * frame.rowsPerY;
  if (e >= frame.batch * frame.neurons) {
    return;
  }
  let stride = frame.batch * frame.neurons;${body}
}
`;
  if (o.pass === 'count') {
    return perElement(`
  var zeta = 0.0;
  for (var t = 1u; t <= frame.steps; t = t + 1u) {
    zeta = zeta + Z[t * stride + e];
  }
  counts[e] = zeta;`);
  }
  if (o.pass === 'mean') {
    return `${head}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  if (b >= frame.batch) {
    return;
  }
  let N = frame.neurons;
  var total = 0.0;
  var lower = 0.0;
  for (var h = 0u; h < N; h = h + 1u) {
    let zeta = counts[b * N + h];
    total = total + zeta;
    let under = max(0.0, frame.countLower - zeta);
    lower = lower + under * under;
  }
  let over = max(0.0, total / f32(N) - frame.countUpper);
  upper[b] = 2.0 * frame.strengthUpper * over / f32(N);
  if (b < frame.valid) {
    let loss = (frame.strengthUpper * over * over + frame.strengthLower * lower / f32(N)) * frame.invValid;
    stats[3u * b] = bitcast<u32>(bitcast<f32>(stats[3u * b]) + loss);
  }
}
`;
  }
  return perElement(`
  let b = e / frame.neurons;
  let under = max(0.0, frame.countLower - counts[e]);
  var g = (upper[b] - 2.0 * frame.strengthLower * under / f32(frame.neurons)) * frame.invValid;
  if (b >= frame.valid) {
    g = 0.0;
  }
  for (var t = 1u; t < frame.steps; t = t + 1u) {
    GZ[t * stride + e] = GZ[t * stride + e] + g;
  }
  GZ[frame.steps * stride + e] = g;`);
}
