/**
 * readoutLoss: the loss of a batch on the readout's membrane traces U [t][b][o], and its gradient
 * dL/dU, one thread per instance b:
 *   'maxOverTime':  logits_o = max_t U[t][b][o] (first maximum), softmax cross-entropy with label y_b;
 *                   dL/dU[t*][b][o] = (softmax_o - [o = y_b]) / B at the arg-max step, 0 elsewhere
 *   'meanOverTime': logits_o = (1/T) sum_t U[t][b][o]; dL/dU[t][b][o] = (softmax_o - [o = y_b]) / (B T)
 *   'spikeCount':   U is a spiking readout's Z (T + 1 rows, z_t at row t + 1; row 0 zeros);
 *                   logits_o = sum_t z_t[b][o] (the spike counts); dL/dz_t[b][o] = (softmax_o - [o = y_b]) / B
 *                   at rows 1..T of GU (row 0 set to 0)
 *   'mse':          L = mean over t, b, o of (U - target)^2; dL/dU = 2 (U - target) / (T B O)
 * Per instance it writes its loss (scaled by 1/B, so the batch loss is their sum), whether the
 * arg-max logit is the label, and that arg-max (classification losses). Samples past `valid` (a short last batch)
 * contribute nothing.
 */
export type ReadoutLoss = 'maxOverTime' | 'meanOverTime' | 'spikeCount' | 'mse';

export interface ReadoutLossShaderOptions {
  workgroupSize: number;
  loss: ReadoutLoss;
  frameStruct: string;
}

export function readoutLossShader(o: ReadoutLossShaderOptions): string {
  const classify = o.loss !== 'mse';
  // spikeCount reads and writes T + 1 rows (row 0: before the first step).
  const rows = o.loss === 'spikeCount' ? 'frame.steps + 1u' : 'frame.steps';
  return `// readoutLoss — ${o.loss}.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> U: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<${classify ? 'u32' : 'f32'}>;
@group(0) @binding(3) var<storage, read_write> GU: array<f32>;
// Per instance: loss (f32 bits), correct (0 or 1), predicted class.
@group(0) @binding(4) var<storage, read_write> stats: array<u32>;

fn noContract(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) ^ frame.noContract);
}

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  if (b >= frame.batch) {
    return;
  }
  let O = frame.outputs;
  let stride = frame.batch * O;
  if (b >= frame.valid) {
    for (var t = 0u; t < ${rows}; t = t + 1u) {
      for (var q = 0u; q < O; q = q + 1u) {
        GU[t * stride + b * O + q] = 0.0;
      }
    }
    stats[3u * b] = 0u;
    stats[3u * b + 1u] = 0u;
    stats[3u * b + 2u] = 0u;
    return;
  }
${classify ? `  let y = targets[b];
  // Logits (at most 64 outputs) and, for max over time, the step of each maximum.
  var logit: array<f32, 64>;
  var at: array<u32, 64>;
  for (var q = 0u; q < O; q = q + 1u) {
${o.loss === 'maxOverTime' ? `    var m = U[b * O + q];
    var mt = 0u;
    for (var t = 1u; t < frame.steps; t = t + 1u) {
      let u = U[t * stride + b * O + q];
      if (u > m) {
        m = u;
        mt = t;
      }
    }
    logit[q] = m;
    at[q] = mt;` : o.loss === 'spikeCount' ? `    var count = 0.0;
    for (var t = 1u; t <= frame.steps; t = t + 1u) {
      count = count + U[t * stride + b * O + q];
    }
    logit[q] = count;` : `    var sum = 0.0;
    for (var t = 0u; t < frame.steps; t = t + 1u) {
      sum = sum + U[t * stride + b * O + q];
    }
    logit[q] = sum * frame.invSteps;`}
  }
  var top = logit[0];
  var best = 0u;
  for (var q = 1u; q < O; q = q + 1u) {
    if (logit[q] > top) {
      top = logit[q];
      best = q;
    }
  }
  var z = 0.0;
  for (var q = 0u; q < O; q = q + 1u) {
    z = z + exp(logit[q] - top);
  }
  let loss = (log(z) - (logit[y] - top)) * frame.invBatch;
  for (var t = 0u; t < ${rows}; t = t + 1u) {
    for (var q = 0u; q < O; q = q + 1u) {
      GU[t * stride + b * O + q] = 0.0;
    }
  }
  for (var q = 0u; q < O; q = q + 1u) {
    let p = exp(logit[q] - top) / z;
    let g = (p - select(0.0, 1.0, q == y)) * frame.invBatch;
${o.loss === 'maxOverTime' ? `    GU[at[q] * stride + b * O + q] = g;` : o.loss === 'spikeCount' ? `    for (var t = 1u; t <= frame.steps; t = t + 1u) {
      GU[t * stride + b * O + q] = g;
    }` : `    let gt = g * frame.invSteps;
    for (var t = 0u; t < frame.steps; t = t + 1u) {
      GU[t * stride + b * O + q] = gt;
    }`}
  }
  stats[3u * b] = bitcast<u32>(loss);
  stats[3u * b + 1u] = select(0u, 1u, best == y);
  stats[3u * b + 2u] = best;` : `  var loss = 0.0;
  for (var t = 0u; t < frame.steps; t = t + 1u) {
    for (var q = 0u; q < O; q = q + 1u) {
      let k = t * stride + b * O + q;
      let d = U[k] - targets[k];
      loss = loss + noContract(d * d);
      GU[k] = noContract(2.0 * d) * frame.invCount;
    }
  }
  stats[3u * b] = bitcast<u32>(loss * frame.invCount);
  stats[3u * b + 1u] = 0u;
  stats[3u * b + 2u] = 0u;`}
}
`;
}
