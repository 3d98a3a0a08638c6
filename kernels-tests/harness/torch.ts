/**
 * Runs bench/peers/torch_grads.py with Debian's python3-torch, when installed: PyTorch autograd
 * gradients of the training network for the same weights and inputs.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const PYTHON = process.env.SPIKEGPU_PYTHON ?? '/usr/bin/python3';
const SCRIPT = resolve(import.meta.dirname, '../../bench/peers/torch_grads.py');

/** null when PyTorch can be imported, else why not. */
export function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found (${r.error.message})`;
  return r.status === 0 ? null : `PyTorch is not importable from ${PYTHON} (install Debian's python3-torch): ${r.stderr.trim().split('\n').pop()}`;
}

export function torchGradients(input: unknown): { loss: number; gradients: Record<string, number[]> } {
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`torch_grads.py failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as { loss: number; gradients: Record<string, number[]> };
}
