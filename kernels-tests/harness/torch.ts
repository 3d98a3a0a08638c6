/**
 * Runs bench/peers/torch_grads.py with Debian's python3-torch: PyTorch autograd gradients of the
 * training network for the same weights and inputs. Call useReference('torch') in the test first.
 */
import { resolve } from 'node:path';
import { runPython } from './references';

const SCRIPT = resolve(import.meta.dirname, '../../bench/peers/torch_grads.py');

export function torchGradients(input: unknown): { loss: number; gradients: Record<string, number[]> } {
  const r = runPython('torch', [SCRIPT], JSON.stringify(input));
  if (r.status !== 0) throw new Error(`torch_grads.py failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as { loss: number; gradients: Record<string, number[]> };
}
