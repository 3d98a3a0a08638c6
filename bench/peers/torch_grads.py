#!/usr/bin/env python3
"""Gradients of spikegpu's training network in PyTorch autograd (Debian's python3-torch), for the
comparison in kernels-tests/train.spec.ts. Reads one JSON object on stdin:
  {"layers": [{"name", "inputs", "size", "spiking", "alphaMem", "rMem", "threshold", "alphaSyn",
               "reset", "detachReset", "surrogate", "slope", "scale", "model" ("lif" | "alif"), "beta",
               "rhoAdapt", "oneMinusRho", "trainAlpha", "trainThreshold", "trainAlphaSyn",
               "recurrent": null | "dense" | {"pre": [...], "post": [...]}}],
   "weights": {"<layer>.weight": [...] (inputs x size, row-major), "<layer>.bias": [...],
               "<layer>.recurrent": [...] (size x size, or one per sparse pair), "<layer>.alpha", "<layer>.threshold",
               "<layer>.alphaSyn"},
   "x": [...] ([T][B][F]), "labels": [...], "steps": T, "batch": B, "valid": V,
   "loss": "maxOverTime" | "meanOverTime" | "spikeCount"}
and prints {"loss": float, "gradients": {name: [...]}}. The network is written from the equations in
shaders/common/train-step.wgsl.ts and shaders/recTrain.wgsl.ts (float32), not from spikegpu's code: spikes
reach the next layer (and the layer itself, through recurrent weights) one step later, the spike's
derivative is the surrogate, the reset optionally detached, ALIF's threshold is threshold + beta a with
a <- rho a + (1 - rho) z, a trainable alpha or alphaSyn is clamped to [0, 1].
"""
import json
import math
import sys

import torch


def surrogate_fn(kind, slope, scale):
    class Spike(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return (x >= 0).to(x.dtype)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            if kind == 'fastSigmoid':
                d = scale / (slope * x.abs() + 1) ** 2
            elif kind == 'arctan':
                d = scale * (slope / 2) / (1 + (math.pi / 2 * slope * x) ** 2)
            elif kind == 'triangle':
                d = scale * torch.clamp(1 - slope * x.abs(), min=0)
            else:
                d = scale * torch.exp(-slope * x.abs())
            return g * d
    return Spike.apply


def main():
    d = json.load(sys.stdin)
    T, B, valid = d['steps'], d['batch'], d['valid']
    dtype = torch.float32
    w = {k: torch.tensor(v, dtype=dtype, requires_grad=True) for k, v in d['weights'].items()}
    x = torch.tensor(d['x'], dtype=dtype).reshape(T, B, -1)
    inp = x
    for layer in d['layers']:
        name, N = layer['name'], layer['size']
        W = w[name + '.weight'].reshape(layer['inputs'], N)
        b = w[name + '.bias']
        I = inp @ W + b                                   # [T, B, N]
        alpha = w[name + '.alpha'].clamp(0, 1) if layer.get('trainAlpha') else layer['alphaMem']
        thr = w[name + '.threshold'] if layer.get('trainThreshold') else layer['threshold']
        alpha_syn = w[name + '.alphaSyn'].clamp(0, 1) if layer.get('trainAlphaSyn') else layer['alphaSyn']
        alif = layer['spiking'] and layer.get('model') == 'alif'
        rec = layer.get('recurrent')
        if rec == 'dense':
            R = w[name + '.recurrent'].reshape(N, N)
        elif rec is not None:
            R = w[name + '.recurrent']
            pre = torch.tensor(rec['pre'], dtype=torch.long)
            post = torch.tensor(rec['post'], dtype=torch.long)
        i = torch.zeros(B, N, dtype=dtype)
        p = torch.zeros(B, N, dtype=dtype)
        a = torch.zeros(B, N, dtype=dtype)
        z = torch.zeros(B, N, dtype=dtype)
        spike = surrogate_fn(layer['surrogate'], layer['slope'], layer['scale'])
        vs, zs = [], []
        for t in range(T):
            current = I[t]
            if rec == 'dense':
                current = current + z @ R
            elif rec is not None:
                current = current + torch.zeros(B, N, dtype=dtype).index_add(1, post, z[:, pre] * R)
            i = alpha_syn * i + current
            v_inf = layer['rMem'] * i
            v = v_inf + (p - v_inf) * alpha
            vs.append(v)
            if not layer['spiking']:
                p = v
                continue
            theta = thr + layer['beta'] * a if alif else thr
            z = spike(v - theta)
            zr = z.detach() if layer['detachReset'] else z
            p = v - theta * zr if layer['reset'] == 'soft' else v * (1 - zr)
            if alif:
                a = layer['rhoAdapt'] * a + layer['oneMinusRho'] * z
            zs.append(z)
        if layer['spiking']:
            # The next layer sees z_{t-1} at step t.
            inp = torch.stack([torch.zeros_like(zs[0])] + zs[:-1])
            Z = torch.stack(zs)
        else:
            U = torch.stack(vs)                           # [T, B, O]
    if d['loss'] == 'spikeCount':
        logits = Z[:, :valid, :].sum(dim=0)
        labels = torch.tensor(d['labels'][:valid], dtype=torch.long)
        loss = torch.nn.functional.cross_entropy(logits, labels)
        loss.backward()
        json.dump({'loss': float(loss), 'gradients': {k: v.grad.reshape(-1).tolist() for k, v in w.items()}}, sys.stdout)
        return
    Uv = U[:, :valid, :]
    logits = Uv.max(dim=0).values if d['loss'] == 'maxOverTime' else Uv.mean(dim=0)
    labels = torch.tensor(d['labels'][:valid], dtype=torch.long)
    loss = torch.nn.functional.cross_entropy(logits, labels)
    loss.backward()
    json.dump({'loss': float(loss), 'gradients': {k: v.grad.reshape(-1).tolist() for k, v in w.items()}}, sys.stdout)


if __name__ == '__main__':
    main()
