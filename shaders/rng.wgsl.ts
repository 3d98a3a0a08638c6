/**
 * rng: fills out[b*N + i] with Philox4x32-10(counter = (i, step, stream, b), key = (seedLo, seedHi)),
 * four u32 words per (index, instance). The same generator feeds every stochastic kernel.
 */
import { PHILOX_WGSL } from './common/philox.wgsl.js';

export interface RngShaderOptions {
  workgroupSize: number;
  frameStruct: string;
}

export function rngShader(o: RngShaderOptions): string {
  return /* wgsl */ `// rng — counter-based Philox4x32-10 (Salmon et al. 2011, SC'11), keyed by (seed, stream, step, index).
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read_write> out: array<vec4<u32>>;
${PHILOX_WGSL}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.z * frame.wgX + wid.x) * ${o.workgroupSize}u + lid;
  let b = wid.y;
  if (i < frame.n) {
    out[b * frame.n + i] = philox4x32_10(vec4<u32>(i, frame.step, frame.stream, b), vec2<u32>(frame.seedLo, frame.seedHi));
  }
}
`;
}
