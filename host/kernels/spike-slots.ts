/**
 * Where a population's spike outputs live: two step slots, by step parity, so no step needs a clear.
 * Step s writes slot s & 1 and clears slot (s + 1) & 1, which step s - 1 wrote and which every reader
 * of step s - 1 (delivery, learning, recorders) has finished with before step s's neuron pass. The
 * per-step path therefore encodes no clearBuffer (issue 27: commands per step).
 *
 * Headers live in a spike header arena (one buffer for every population of a Simulator; a
 * standalone population has its own): words [0, 2 * SLOT_ALIGN_WORDS) hold the shared indirect args
 * of step parity p at word p * SLOT_ALIGN_WORDS (x = ceil(max over populations and instances of the
 * count / eventWg), y = B, z = 1: the dispatch of propagate pages whose projections start at several
 * populations), raised by every population's kernel and emptied for the next step by the first
 * population dispatched (clearsArgs). Then each population's header at its countBase (a multiple of
 * SLOT_ALIGN_WORDS), headerRegionWords(B) long:
 *
 * header, u32 words from countBase (B = batch instances, H = countSlotWords(B)):
 *   slot p at word p*H: [b] spikes of instance b at that step; [B, B+3) the indirect dispatch args of
 *     propagation (x = ceil(max_b count / eventWg), y = B, z = 1)
 *   word 2H: total spikes since the last reset (lo, hi), first step at which a state was not finite,
 *     and the smallest b*N+i that was (0xffffffff: never)
 * spikeBits, u32 words (W = ceil(N/32)): slot p at word p*bitsSlotWords(W, B), [b*W + w] bit i % 32
 *   of word i/32 set when neuron i spiked.
 * spikeList[b*N + k], k < count of instance b: one slot, rewritten each step (its count says how much).
 *
 * Slots start 256 bytes apart, the largest minStorageBufferOffsetAlignment an adapter may have, so
 * a reader binds the slot it needs with a dynamic offset and its WGSL indexes from 0.
 */

import { SLOT_ALIGN_WORDS } from '../../shaders/common/spike-slots.wgsl.js';

export { SLOT_ALIGN_WORDS };

const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/** Words a reader of one step's header binds: B counts and the indirect args (x, y, z). */
export const spikeHeaderWords = (batch: number): number => batch + 3;

/** Words between the two header slots. */
export const countSlotWords = (batch: number): number => roundUp(batch + 3, SLOT_ALIGN_WORDS);

/** Word of the counters (spike total lo/hi, first non-finite step/index) after the two slots. */
export const counterWord = (batch: number): number => 2 * countSlotWords(batch);

/** Words of a population's whole header (its two slots and the counters). */
export const spikeCountWords = (batch: number): number => counterWord(batch) + 4;

/** Words a population's header takes in the arena (aligned, so the next one starts on a slot boundary). */
export const headerRegionWords = (batch: number): number => roundUp(spikeCountWords(batch), SLOT_ALIGN_WORDS);

/** Words of the shared indirect args at the start of a header arena (two step slots). */
export const SHARED_ARGS_WORDS = 2 * SLOT_ALIGN_WORDS;

/** Word of the shared args of step `step` in a header arena. */
export const argsSlotWord = (step: number): number => slotOf(step) * SLOT_ALIGN_WORDS;

/** The shared args at rest: x 0, y (instances) and z fixed, both slots. */
export function initialSharedArgs(batch: number): Uint32Array<ArrayBuffer> {
  const a = new Uint32Array(SHARED_ARGS_WORDS);
  for (const at of [0, SLOT_ALIGN_WORDS]) {
    a[at + 1] = batch;
    a[at + 2] = 1;
  }
  return a;
}

/** Words between the two bitmask slots. */
export const bitsSlotWords = (words: number, batch: number): number => roundUp(Math.max(1, words * batch), SLOT_ALIGN_WORDS);

/** The slot step `step` writes (0 or 1); steps before 0 map to slot 1, which starts empty. */
export const slotOf = (step: number): number => ((step % 2) + 2) % 2;
