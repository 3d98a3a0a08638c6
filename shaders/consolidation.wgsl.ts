/**
 * consolidation: importance-gated consolidation of a Trainer's parameters (the stability–plasticity
 * trade-off), elementwise over the flat parameter buffer. With anchor weights P* (the weights at the
 * last consolidation) and per-parameter importance Omega, training minimises
 *   L_task + lambda / 2 sum_k Omega_k (P_k - P*_k)^2,
 * so each update adds lambda Omega (P - P*) to the task gradient ('penalty'). Omega comes from
 *   Synaptic Intelligence (Zenke, Poole & Ganguli 2017): the path integral omega_k = -sum_t g_k(t) dP_k(t)
 *     of the task gradient times each update's change ('path', after every optimizer update), turned into
 *     importance at consolidation ('si'): Omega_k += max(0, omega_k / ((P_k - P*_k)^2 + xi)); omega = 0; P* = P
 *   EWC (Kirkpatrick et al. 2017), the squared gradients ('fisher', once per batch of the task's data:
 *     Omega += scale g^2, scale = 1 / batches), then P* = P ('anchor').
 * Passes, one thread per parameter e:
 *   'penalty': Gtask = G; Pprev = P (SI); G = G + noContract(lambda * noContract(Omega * (P - P*)))
 *   'path':    omega = omega - noContract(Gtask * (P - Pprev))
 *   'si':      as above;   'fisher': Omega = Omega + noContract(scale * noContract(G * G));   'anchor': P* = P
 * The oracle (kernels-tests/oracle/consolidation.ts) repeats each f32 operation.
 */
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';

export type ConsolidationPass = 'penalty' | 'path' | 'si' | 'fisher' | 'anchor';

export interface ConsolidationShaderOptions {
  workgroupSize: number;
  pass: ConsolidationPass;
  /** Synaptic Intelligence's buffers (Gtask, Pprev, omega) are bound and written. */
  si: boolean;
  frameStruct: string;
}

export function consolidationShader(o: ConsolidationShaderOptions): string {
  const body: Record<ConsolidationPass, string> = {
    penalty: `
  let g = G[e];${o.si ? `
  Gtask[e] = g;
  Pprev[e] = P[e];` : ''}
  G[e] = g + noContract(frame.lambda * noContract(Omega[e] * (P[e] - Pstar[e])));`,
    path: `
  omega[e] = omega[e] - noContract(Gtask[e] * (P[e] - Pprev[e]));`,
    si: `
  let d = P[e] - Pstar[e];
  Omega[e] = Omega[e] + max(omega[e] / (noContract(d * d) + frame.xi), 0.0);
  omega[e] = 0.0;
  Pstar[e] = P[e];`,
    fisher: `
  Omega[e] = Omega[e] + noContract(frame.scale * noContract(G[e] * G[e]));`,
    anchor: `
  Pstar[e] = P[e];`,
  };
  return `// consolidation — importance-gated consolidation (${o.si ? 'Synaptic Intelligence' : 'EWC'}), ${o.pass} pass.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> P: array<f32>;
@group(0) @binding(2) var<storage, read_write> G: array<f32>;
@group(0) @binding(3) var<storage, read_write> Omega: array<f32>;
@group(0) @binding(4) var<storage, read_write> Pstar: array<f32>;
${o.si ? `@group(0) @binding(5) var<storage, read_write> omega: array<f32>;
@group(0) @binding(6) var<storage, read_write> Pprev: array<f32>;
@group(0) @binding(7) var<storage, read_write> Gtask: array<f32>;
` : ''}${NO_CONTRACT_WGSL}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x + gid.y * frame.rowsPerY;
  if (e >= frame.count) {
    return;
  }${body[o.pass]}
}
`;
}
