/**
 * Helpers shared by the delivery kernels (propagate, gather, procedural). They need a module-scope
 * `counters: array<atomic<u32>>` with 3 words per projection: wrapped sums, SynOps lo, SynOps hi.
 */
/** Bindings 0-3 of every delivery kernel: its frame, the clock and the pre population's spike outputs. */
export const DELIVERY_INPUTS_WGSL = /* wgsl */ `
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<uniform> clock: Clock;
@group(0) @binding(2) var<storage, read> spikeCount: array<u32>;
@group(0) @binding(3) var<storage, read> spikeList: array<u32>;
`;

export const DELIVERY_WGSL = /* wgsl */ `
// i32 add that counts a two's-complement wrap (both operands have the sign the sum lacks).
fn addWrapped(a: i32, w: i32, wraps: ptr<function, u32>) -> i32 {
  let sum = a + w;
  if (((a ^ sum) & (w ^ sum)) < 0) {
    *wraps = *wraps + 1u;
  }
  return sum;
}

// Adds this thread's wraps and synaptic events to projection slot c (SynOps 64-bit, exact carry).
fn countDelivery(c: u32, events: u32, wraps: u32) {
  if (wraps > 0u) {
    atomicAdd(&counters[c], wraps);
  }
  if (events > 0u) {
    let before = atomicAdd(&counters[c + 1u], events);
    if (before > 0xffffffffu - events) {
      atomicAdd(&counters[c + 2u], 1u);
    }
  }
}
`;
