/**
 * The oracle of shaders/common/gauss4.wgsl.ts: four 22-bit uniforms of one Philox call, centred and
 * scaled in one f32 rounding (approximately standard normal, bit for bit the kernel's value).
 */
import { GAUSS4_SCALE } from '../../shaders/common/gauss4.wgsl.js';

export function gauss4(w: ArrayLike<number>): number {
  const sum = ((w[0] as number) >>> 10) + ((w[1] as number) >>> 10) + ((w[2] as number) >>> 10) + ((w[3] as number) >>> 10);
  return Math.fround((sum - 8388608) * GAUSS4_SCALE);
}
