/**
 * poisson: independent Poisson spike sources with per-neuron rates (Hz), one Bernoulli draw per
 * step: spike iff uniform01(Philox(i, step, stream, b).x) < rate * dt / 1000. The probability is
 * formed in f32 (rate * pScale, pScale = f32(dt/1000) from the host), exactly as the oracle does.
 */
import { PHILOX_WGSL } from './common/philox.wgsl.js';
import { spikeOutputWgsl } from './common/neuron-frame.wgsl.js';

export interface PoissonShaderOptions {
  workgroupSize: number;
  frameStruct: string;
  clockStruct: string;
}

export function poissonShader(o: PoissonShaderOptions): string {
  return /* wgsl */ `// poisson — Bernoulli approximation of a Poisson process per step: P(spike) = rate * dt,
// drawn from Philox4x32-10 keyed by (seed, stream, step, neuron, instance).
${o.frameStruct}
${o.clockStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<uniform> clock: Clock;
@group(0) @binding(2) var<storage, read> rates: array<f32>;
${spikeOutputWgsl(3)}
${PHILOX_WGSL}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let block = wid.z * frame.wgX + wid.x;
  let i = block * ${o.workgroupSize}u + lid;
  let b = wid.y;
  clearNextSlot(b, i);
  if (i < frame.n) {
    let word = philox4x32_10(vec4<u32>(i, clock.step, frame.stream, b), vec2<u32>(frame.seedLo, frame.seedHi)).x;
    let p = rates[i] * frame.pScale;
    if (uniform01(word) < p) {
      emitSpike(b, i);
    }
  }
}
`;
}
