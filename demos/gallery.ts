/** The gallery's WebGPU status line (the same words as every demo page: kit/webgpu.ts). */
import { webGpuProblem } from './kit/webgpu';

const status = document.getElementById('webgpu-status')!;
const problem = webGpuProblem();
status.textContent = problem ?? 'WebGPU is available in this browser.';
if (problem) status.className = 'no-webgpu';
