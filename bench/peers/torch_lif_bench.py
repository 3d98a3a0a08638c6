#!/usr/bin/env python3
"""The Open Neuromorphic LIF benchmark shape in PyTorch: a Linear layer (n -> n) followed by a LIF
layer over T steps (fast-sigmoid surrogate, soft detached reset), forward and backward, on the CPU
or (--device cuda) on the GPU, synchronised before each clock read, after one warm-up.
Usage: torch_lif_bench.py --n 1024 --batch 16 --steps 100 [--threads 2] [--repeats 3] [--device cpu|cuda]
Prints {"forward_ms": .., "backward_ms": .., "device": ..} (best of the repeats)."""
import argparse
import json
import time

import torch


class Spike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x >= 0).float()

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g / (10 * x.abs() + 1) ** 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=1024)
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--steps', type=int, default=100)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--device', default='cpu')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dev = torch.device(a.device)
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)
    lin = torch.nn.Linear(a.n, a.n).to(dev)
    x = (torch.rand(a.steps, a.batch, a.n, device=dev) < 0.1).float()
    alpha = float(torch.exp(torch.tensor(-0.1)))
    best_f, best_b = float('inf'), float('inf')
    for rep in range(a.repeats + (1 if dev.type == 'cuda' else 0)):
        sync()
        t0 = time.perf_counter()
        I = lin(x.reshape(-1, a.n)).reshape(a.steps, a.batch, a.n)
        v = torch.zeros(a.batch, a.n, device=dev)
        out = []
        for t in range(a.steps):
            v = alpha * v + I[t]
            z = Spike.apply(v - 1.0)
            v = v - z.detach()
            out.append(z)
        s = torch.stack(out)
        sync()
        t1 = time.perf_counter()
        s.sum().backward()
        sync()
        t2 = time.perf_counter()
        if dev.type == 'cuda' and rep == 0:
            lin.zero_grad()
            continue  # warm-up
        best_f, best_b = min(best_f, (t1 - t0) * 1e3), min(best_b, (t2 - t1) * 1e3)
        lin.zero_grad()
    name = torch.cuda.get_device_name(dev) if dev.type == 'cuda' else 'cpu'
    json.dump({'forward_ms': best_f, 'backward_ms': best_b, 'device': name, 'torch': torch.__version__}, __import__('sys').stdout)


if __name__ == '__main__':
    main()
