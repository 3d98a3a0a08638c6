/** Why WebGPU is missing here, in words (the gallery and every demo page say it the same way). */
export function webGpuProblem(): string | null {
  if (typeof navigator !== 'undefined' && 'gpu' in navigator && navigator.gpu) return null;
  if (!window.isSecureContext) {
    return 'WebGPU needs a secure context: open this page over https:// or from http://localhost (not a LAN address or file://).';
  }
  return 'This browser has no WebGPU. Use Chrome or Edge 113+ (desktop; Android 121+), Safari 26+, or Firefox 141+ on Windows; '
    + 'on Linux, Chrome/Chromium needs --enable-unsafe-webgpu (and --enable-features=Vulkan), or chrome://flags/#enable-unsafe-webgpu.';
}
