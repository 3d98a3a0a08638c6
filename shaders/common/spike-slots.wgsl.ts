/** The spike slots' arithmetic in WGSL; the layout and its TypeScript twin: host/kernels/spike-slots.ts. */

/** Words of the alignment between slots (256 bytes: the largest minStorageBufferOffsetAlignment allowed). */
export const SLOT_ALIGN_WORDS = 64;

/**
 * WGSL of the slot arithmetic, for kernels with a `frame` holding `batch` and `words`: word offsets of
 * step `step`'s count and bit slots, and of the counters.
 */
export const SPIKE_SLOTS_WGSL = /* wgsl */ `
// Spike outputs in two step slots (host/kernels/spike-slots.ts): step s writes slot s & 1.
fn countSlot(step: u32) -> u32 {
  return (step & 1u) * (((frame.batch + ${3 + SLOT_ALIGN_WORDS - 1}u) / ${SLOT_ALIGN_WORDS}u) * ${SLOT_ALIGN_WORDS}u);
}
fn bitsSlot(step: u32) -> u32 {
  return (step & 1u) * (((max(frame.words * frame.batch, 1u) + ${SLOT_ALIGN_WORDS - 1}u) / ${SLOT_ALIGN_WORDS}u) * ${SLOT_ALIGN_WORDS}u);
}
fn counterBase() -> u32 {
  return 2u * countSlot(1u);
}
`;
