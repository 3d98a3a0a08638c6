/**
 * spikeArray: a spike source that replays given (time, neuron) lists. The host sorts them into a
 * per-step CSR (offsets[step], ids); each step one thread per listed spike emits it, with the same
 * outputs as every population (compact list, bitmask, counters, indirect args, the next slot cleared).
 */
import { spikeOutputWgsl } from './common/neuron-frame.wgsl.js';

export interface SpikeArrayShaderOptions {
  workgroupSize: number;
  frameStruct: string;
  clockStruct: string;
}

export function spikeArrayShader(o: SpikeArrayShaderOptions): string {
  return /* wgsl */ `// spikeArray — replays spikes: at step t, neurons ids[offsets[t] .. offsets[t+1]) spike (every instance).
${o.frameStruct}
${o.clockStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<uniform> clock: Clock;
@group(0) @binding(2) var<storage, read> offsets: array<u32>;
@group(0) @binding(3) var<storage, read> ids: array<u32>;
${spikeOutputWgsl(4)}

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  // The dispatch covers max(busiest step's spikes, words) threads per instance.
  clearNextSlot(gid.y, gid.x);
  let t = clock.step;
  if (t >= frame.nSteps) {
    return;
  }
  let start = offsets[t];
  let k = gid.x;
  if (k < offsets[t + 1u] - start) {
    emitSpike(gid.y, ids[start + k]);
  }
}
`;
}
