/** The spike slots' arithmetic in WGSL; the layout and its TypeScript twin: host/kernels/spike-slots.ts. */

/** Words of the alignment between slots (256 bytes: the largest minStorageBufferOffsetAlignment allowed). */
export const SLOT_ALIGN_WORDS = 64;

/**
 * WGSL of the slot arithmetic, for kernels with a `frame` holding `batch`, and expressions `words`
 * and `countBase` (the word of the population's header in the spike header arena; by default
 * frame.words and frame.countBase): word offsets of step `step`'s count and bit slots, of the
 * counters, and of the arena's shared indirect args (argsSlot: words 0 and SLOT_ALIGN_WORDS of the arena).
 */
export function spikeSlotsWgsl(words: string, countBase: string): string {
  return /* wgsl */ `
// Spike outputs in two step slots (host/kernels/spike-slots.ts): step s writes slot s & 1.
fn countSlotStride() -> u32 {
  return ((frame.batch + ${3 + SLOT_ALIGN_WORDS - 1}u) / ${SLOT_ALIGN_WORDS}u) * ${SLOT_ALIGN_WORDS}u;
}
fn countSlot(step: u32) -> u32 {
  return ${countBase} + (step & 1u) * countSlotStride();
}
fn bitsSlot(step: u32) -> u32 {
  return (step & 1u) * (((max(${words} * frame.batch, 1u) + ${SLOT_ALIGN_WORDS - 1}u) / ${SLOT_ALIGN_WORDS}u) * ${SLOT_ALIGN_WORDS}u);
}
fn counterBase() -> u32 {
  return ${countBase} + 2u * countSlotStride();
}
fn argsSlot(step: u32) -> u32 {
  return (step & 1u) * ${SLOT_ALIGN_WORDS}u;
}
`;
}
