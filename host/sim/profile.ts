/**
 * What a Simulator.run costs the host: the JavaScript time spent encoding its commands (GPU work
 * excluded: each chunk is timed from its first encode to finish(), before it is submitted), and, on
 * request, the commands themselves counted by kind. Commands are what each step costs in launches on
 * any adapter (a dispatch, an indirect dispatch, a buffer clear, a copy), so their number per step is
 * the figure the step loop is shaped by (docs/benchmarks.md, `npm run bench -- step-loop`).
 */

/** Commands encoded during a run, by kind. */
export interface CommandCounts {
  /** dispatchWorkgroups calls. */
  dispatch: number;
  /** dispatchWorkgroupsIndirect calls. */
  dispatchIndirect: number;
  clearBuffer: number;
  copyBufferToBuffer: number;
  /** Compute passes begun (each dispatch sits in one; a pass boundary is a barrier). */
  computePasses: number;
}

export interface RunProfile {
  steps: number;
  /** Host time encoding the run's commands (ms), over all chunks; the GPU's work is not in it. */
  encodeMs: number;
  /** encodeMs per step, in microseconds. */
  encodeUsPerStep: number;
  /** With countCommands: the commands by kind, and (dispatch + dispatchIndirect + clearBuffer + copyBufferToBuffer) per step. */
  commands?: CommandCounts;
  commandsPerStep?: number;
}

export const emptyCounts = (): CommandCounts => ({ dispatch: 0, dispatchIndirect: 0, clearBuffer: 0, copyBufferToBuffer: 0, computePasses: 0 });

/** GPU work items among the counts (passes are not work items). */
export const workItems = (c: CommandCounts): number => c.dispatch + c.dispatchIndirect + c.clearBuffer + c.copyBufferToBuffer;

function forward<T extends object>(target: T, count: (name: string | symbol) => ((...args: unknown[]) => unknown) | undefined): T {
  return new Proxy(target, {
    get(t, name) {
      const wrapped = count(name);
      if (wrapped) return wrapped;
      const v = Reflect.get(t, name, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

/**
 * An encoder that counts what is encoded through it into `c` (and its compute passes' dispatches),
 * passing every call on to `encoder`. Counting costs a little host time per call, so a run that
 * counts reports a slightly higher encodeMs than one that does not.
 */
export function countingEncoder(encoder: GPUCommandEncoder, c: CommandCounts): GPUCommandEncoder {
  return forward(encoder, (name) => {
    switch (name) {
      case 'clearBuffer': return (...a) => { c.clearBuffer++; return (encoder.clearBuffer as (...x: unknown[]) => unknown).apply(encoder, a); };
      case 'copyBufferToBuffer': return (...a) => { c.copyBufferToBuffer++; return (encoder.copyBufferToBuffer as (...x: unknown[]) => unknown).apply(encoder, a); };
      case 'beginComputePass': return (...a) => {
        c.computePasses++;
        const pass = (encoder.beginComputePass as (...x: unknown[]) => GPUComputePassEncoder).apply(encoder, a);
        return forward(pass, (n) => {
          if (n === 'dispatchWorkgroups') return (...b) => { c.dispatch++; return (pass.dispatchWorkgroups as (...x: unknown[]) => unknown).apply(pass, b); };
          if (n === 'dispatchWorkgroupsIndirect') return (...b) => { c.dispatchIndirect++; return (pass.dispatchWorkgroupsIndirect as (...x: unknown[]) => unknown).apply(pass, b); };
          return undefined;
        });
      };
      default: return undefined;
    }
  });
}
