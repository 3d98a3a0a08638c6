"""snnTorch's Synaptic and Leaky neurons, forward only, in PyTorch float32 (written from snnTorch's
source, snntorch/_neurons/synaptic.py and leaky.py, defaults: reset by subtraction with reset_delay=True,
spike when mem > threshold), for a two-layer network as snnTorch exports it to NIR:
input -> Linear(W1) -> Synaptic(alpha, beta1, thr1) -> Linear(W2) -> Leaky(beta2, thr2).
Every layer sees the previous layer's spikes of the same step (snnTorch's sequential forward).

Reads JSON from stdin: {W1: [[...]], W2, alpha, beta1, thr1, beta2, thr2, inputs: [[0/1 per input] per step]}.
Prints JSON: {hidden: [[step, neuron], ...], out: [[step, neuron], ...]}.
"""
import json
import sys

import torch

p = json.load(sys.stdin)
f32 = torch.float32
W1 = torch.tensor(p["W1"], dtype=f32)
W2 = torch.tensor(p["W2"], dtype=f32)
alpha = torch.tensor(p["alpha"], dtype=f32)
beta1 = torch.tensor(p["beta1"], dtype=f32)
thr1 = torch.tensor(p["thr1"], dtype=f32)
beta2 = torch.tensor(p["beta2"], dtype=f32)
thr2 = torch.tensor(p["thr2"], dtype=f32)
syn = torch.zeros(W1.shape[0], dtype=f32)
mem1 = torch.zeros(W1.shape[0], dtype=f32)
mem2 = torch.zeros(W2.shape[0], dtype=f32)
hidden, out = [], []
with torch.no_grad():
    for t, x in enumerate(p["inputs"]):
        cur1 = W1 @ torch.tensor(x, dtype=f32)
        reset1 = (mem1 - thr1 > 0).to(f32)          # mem_reset: from the previous step's membrane
        syn = alpha * syn + cur1
        mem1 = beta1 * mem1 + syn - reset1 * thr1
        spk1 = (mem1 - thr1 > 0).to(f32)
        cur2 = W2 @ spk1
        reset2 = (mem2 - thr2 > 0).to(f32)
        mem2 = beta2 * mem2 + cur2 - reset2 * thr2
        spk2 = (mem2 - thr2 > 0).to(f32)
        hidden += [[t, int(i)] for i in torch.nonzero(spk1).flatten().tolist()]
        out += [[t, int(i)] for i in torch.nonzero(spk2).flatten().tolist()]
print(json.dumps({"hidden": hidden, "out": out}))
