/**
 * hebbian: local Hebbian learning of principal components, rate-based and batched.
 *   y = W x   (W: k x n, x: a centred sample of n inputs)
 *   Sanger (generalised Hebbian algorithm, Sanger 1989):  dW = eta (y x^T - LT[y y^T] W)
 *   Oja's subspace rule (Oja 1982; 1989):                  dW = eta (y x^T - y y^T W)
 * where LT[.] keeps the lower triangle with the diagonal. For k = 1 both are Oja's single-unit rule,
 * whose weight vector converges to the first principal component (unit length); Sanger's rows
 * converge to the first k eigenvectors in order, Oja's subspace rule to an orthonormal basis of
 * their span. A batch of B samples sums the terms over its rows: dW = eta / B (Y^T X - M W).
 * One update is three passes (so no invocation loops more than max(n, B + k) times):
 *   'project' one thread per (row r, component i):  Y[r][i] = sum_j W[i][j] X[row(r)][j]
 *   'gram'    one thread per (i, i2):                C[i][i2] = sum_r Y[r][i] Y[r][i2]
 *   'update'  one thread per (i, j):  Wout[i][j] = Win[i][j] + scale (sum_r Y[r][i] X[row(r)][j] - sum_{i2} C[i][i2] Win[i2][j])
 * with row(r) = order[start + r] (the epoch's shuffle), scale = f32(eta_u / rows) from the host, and
 * i2 over [0, i] (Sanger) or [0, k) (Oja). Win and Wout are two buffers used in turn (an update reads
 * every row of Win while writing Wout). Sums run in index order and every product passes through
 * noContract: the oracle (kernels-tests/oracle/hebbian.ts) gives the same bits.
 */
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';

export type HebbianRule = 'sanger' | 'oja';

export interface HebbianShaderOptions {
  workgroupSize: number;
  pass: 'project' | 'gram' | 'update';
  rule: HebbianRule;
  frameStruct: string;
}

export function hebbianShader(o: HebbianShaderOptions): string {
  const head = `// hebbian — ${o.rule === 'sanger' ? "Sanger's generalised Hebbian algorithm" : "Oja's subspace rule"}, ${o.pass} pass.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
// Samples [samples][n], centred; the epoch's order of sample indices.
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> order: array<u32>;
@group(0) @binding(3) var<storage, read> Win: array<f32>;
@group(0) @binding(4) var<storage, read_write> Wout: array<f32>;
// Y [rows][k], C [k][k].
@group(0) @binding(5) var<storage, read_write> Y: array<f32>;
@group(0) @binding(6) var<storage, read_write> C: array<f32>;
${NO_CONTRACT_WGSL}`;
  // Each pass has its own grid (frame.rowsPerY<pass>: threads per row of workgroups).
  const perY = `rowsPerY${['project', 'gram', 'update'].indexOf(o.pass)}`;
  const main = (threads: string, body: string): string => `${head}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x + gid.y * frame.${perY};
  if (e >= ${threads}) {
    return;
  }${body}
}
`;
  if (o.pass === 'project') {
    return main('frame.rows * frame.k', `
  let r = e / frame.k;
  let i = e % frame.k;
  let x = order[frame.start + r] * frame.n;
  var y = 0.0;
  for (var j = 0u; j < frame.n; j = j + 1u) {
    y = y + noContract(Win[i * frame.n + j] * X[x + j]);
  }
  Y[r * frame.k + i] = y;`);
  }
  if (o.pass === 'gram') {
    return main('frame.k * frame.k', `
  let i = e / frame.k;
  let i2 = e % frame.k;
  var c = 0.0;
  for (var r = 0u; r < frame.rows; r = r + 1u) {
    c = c + noContract(Y[r * frame.k + i] * Y[r * frame.k + i2]);
  }
  C[e] = c;`);
  }
  const last = o.rule === 'sanger' ? 'i + 1u' : 'frame.k';
  return main('frame.k * frame.n', `
  let i = e / frame.n;
  let j = e % frame.n;
  var h = 0.0;
  for (var r = 0u; r < frame.rows; r = r + 1u) {
    h = h + noContract(Y[r * frame.k + i] * X[order[frame.start + r] * frame.n + j]);
  }
  var d = 0.0;
  for (var i2 = 0u; i2 < ${last}; i2 = i2 + 1u) {
    d = d + noContract(C[i * frame.k + i2] * Win[i2 * frame.n + j]);
  }
  Wout[e] = Win[e] + noContract(frame.scale * (h - d));`);
}
