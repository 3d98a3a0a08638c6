#!/usr/bin/env python3
"""The Potjans & Diesmann 2014 microcircuit in Brian2 (Debian's python3-brian), written from NEST's
parameters independently of spikegpu's builder (host/model/microcircuit.ts), as a peer at the same scale.

Usage: brian2_microcircuit.py --scale 0.1 --duration 1000 --drop 300 [--dt 0.1] [--target cython] [--seed 1 | --seeds 1,2,3 --network-dir DIR] [--network-dir DIR] [--k-scale K]
Prints one JSON object: {"populations": [...], "sizes": [...], "rate_hz": [...], "cv": [...], "synapses": n,
"build_s": s, "wall_s": s}, or with --seeds a list of them, one per seed: the network is built once, stored,
and restored before each seed's run (the same numbers as separate runs with --seed). Rates and mean ISI CVs (neurons with >= 3 spikes) over [drop, duration) ms.

The same model as potjansDiesmann({ scale }): iaf_psc_exp dynamics integrated exactly (Brian2's 'exact'),
so PSCs are the paper's 87.8 pA with no per-step correction; fixed total numbers of synapses with
multapses (pairs drawn uniformly, autapses redrawn), normal weights (10 % sd, kept on their sign),
normal delays clipped to [dt, 4 x mean] and rounded to steps, K_ext x 8 Hz Poisson input per neuron
(PoissonInput), V0 'optimized'. With --network-dir (written by kernels-tests/harness/microcircuit-file.ts),
the synapses, weights, delays and initial potentials are spikegpu's instead: the same network instance.
--k-scale K (NEST's K_scaling, van Albada et al. 2015, as NEST's PyNEST example does it): K times the
synapses and the Poisson inputs, weights / sqrt(K), and per population the DC current
0.001 tau_syn (1 - sqrt(K)) (sum over sources of PSC x full in-degree x NEST's full-scale rate + PSC x K_ext x 8 Hz).
"""
import argparse, json, math, sys, time

POPS = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']
N_FULL = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]
CONN = [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0., 0.0076, 0.],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0., 0.0042, 0.],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0., 0.1057, 0.],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
]
K_EXT = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100]
FULL_RATES = [0.943, 3.026, 4.368, 5.882, 7.733, 8.664, 1.096, 7.851]  # NEST's full_mean_rates (Hz)
V0_MEAN = [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43]
V0_SD = [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48]


def psc_for_psp(psp, c_m, tau_m, tau_s):
    sub = 1. / (tau_s - tau_m)
    pre = tau_m * tau_s / c_m * sub
    frac = (tau_m / tau_s) ** sub
    return psp / (pre * (frac ** tau_m - frac ** tau_s))


def k_scaling_dc(k, w_exc):
    """Per population: the DC current (pA) replacing the mean input the removed synapses carried."""
    dc = []
    for t in range(8):
        rec = 0.
        for s in range(8):
            c = CONN[t][s]
            if c == 0:
                continue
            prod = N_FULL[s] * N_FULL[t]
            indegree = math.log(1 - c) / math.log((prod - 1) / prod) / N_FULL[t]
            psc = w_exc * (2 if (t == 0 and s == 2) else 1) * (1 if s % 2 == 0 else -4)
            rec += psc * indegree * FULL_RATES[s]
        dc.append(0.001 * 0.5 * (1 - math.sqrt(k)) * (rec + w_exc * K_EXT[t] * 8.))
    return dc


def run(scale, duration_ms, drop_ms, dt_ms, target, seed, network_dir=None, k=1., seeds=None):
    """One run with noise seed `seed`, or with `seeds` one run per seed of the same network, built once (a list)."""
    from brian2 import NeuronGroup, Synapses, SpikeMonitor, PoissonInput, Network, ms, mV, pA, Mohm, Hz, defaultclock, prefs, seed as bseed
    import numpy as np
    prefs.codegen.target = target
    bseed(seed)
    rng = np.random.default_rng(seed)
    defaultclock.dt = dt_ms * ms
    sizes = [max(1, int(math.floor(n * scale + 0.5))) for n in N_FULL]
    start = np.concatenate([[0], np.cumsum(sizes)])
    taum, taus, EL, R = 10 * ms, 0.5 * ms, -65 * mV, 40 * Mohm
    eqs = '''
    dv/dt = (-(v - EL) + R * (ie + ii + idc)) / taum : volt (unless refractory)
    die/dt = -ie / taus : amp
    dii/dt = -ii / taus : amp
    idc : amp (constant)
    '''
    t0 = time.perf_counter()
    P = NeuronGroup(int(start[-1]), eqs, threshold='v >= -50*mV', reset='v = -65*mV', refractory=2 * ms, method='exact')
    v0 = np.concatenate([rng.normal(V0_MEAN[p], V0_SD[p], sizes[p]) for p in range(8)])
    if network_dir:
        v0 = np.load(f'{network_dir}/v0.npy')
    P.v = v0 * mV
    w_full = psc_for_psp(0.15, 250., 10., 0.5)  # pA
    w_exc = w_full / math.sqrt(k)
    dc = k_scaling_dc(k, w_full)  # 0 at k = 1
    P.idc = np.concatenate([np.full(sizes[t], dc[t]) for t in range(8)]) * pA
    pre_e, post_e, w_e, d_e, pre_i, post_i, w_i, d_i = [], [], [], [], [], [], [], []
    for t in (range(8) if not network_dir else []):  # with network_dir the synapses are loaded below
        for s in range(8):
            c = CONN[t][s]
            if c == 0:
                continue
            prod = N_FULL[s] * N_FULL[t]
            n = int(math.floor(math.log(1 - c) / math.log((prod - 1) / prod) * scale * k + 0.5))
            i = rng.integers(0, sizes[s], n)
            j = rng.integers(0, sizes[t], n)
            if s == t:  # autapses redrawn
                bad = i == j
                while bad.any():
                    j[bad] = rng.integers(0, sizes[t], int(bad.sum()))
                    bad = i == j
            exc = s % 2 == 0
            mean = w_exc * (2 if (t == 0 and s == 2) else 1) * (1 if exc else -4)
            w = rng.normal(mean, 0.1 * abs(mean), n)
            w = np.maximum(w, 0) if exc else np.minimum(w, 0)
            dm = 1.5 if exc else 0.75
            d = np.clip(rng.normal(dm, 0.5 * dm, n), dt_ms, 4 * dm)
            d = np.clip(np.round(d / dt_ms), 1, round(4 * dm / dt_ms)) * dt_ms
            (pre_e if exc else pre_i).append(i + start[s])
            (post_e if exc else post_i).append(j + start[t])
            (w_e if exc else w_i).append(w)
            (d_e if exc else d_i).append(d)
    if network_dir:
        load = lambda name: [np.load(f'{network_dir}/{name}.npy')]
        pre_e, post_e, w_e, pre_i, post_i, w_i = (load(x) for x in ['exc_pre', 'exc_post', 'exc_w_pA', 'inh_pre', 'inh_post', 'inh_w_pA'])
        d_e = [np.load(f'{network_dir}/exc_delay_steps.npy') * dt_ms]
        d_i = [np.load(f'{network_dir}/inh_delay_steps.npy') * dt_ms]
    syn = []
    for pre, post, w, d, var in [(pre_e, post_e, w_e, d_e, 'ie'), (pre_i, post_i, w_i, d_i, 'ii')]:
        S = Synapses(P, P, 'w : amp', on_pre=f'{var}_post += w')
        S.connect(i=np.concatenate(pre), j=np.concatenate(post))
        S.w = np.concatenate(w) * pA
        S.delay = np.concatenate(d) * ms
        syn.append(S)
    inputs = [PoissonInput(P[start[t]:start[t + 1]], 'ie', N=int(round(K_EXT[t] * k)), rate=8 * Hz, weight=w_exc * pA) for t in range(8)]
    mon = SpikeMonitor(P)
    net = Network(P, *syn, *inputs, mon)
    ns = {'EL': EL, 'R': R, 'taum': taum, 'taus': taus}
    net.run(0 * ms, namespace=ns)
    t1 = time.perf_counter()
    if seeds is None:
        return measure(net, ns, mon, duration_ms, drop_ms, sizes, start, syn, t1 - t0)
    # The network, its state and the random generator's state as built; each seed starts from them.
    net.store('built')
    out = []
    for s in seeds:
        net.restore('built')
        bseed(s)
        out.append(measure(net, ns, mon, duration_ms, drop_ms, sizes, start, syn, t1 - t0))
    return out


def measure(net, ns, mon, duration_ms, drop_ms, sizes, start, syn, build_s):
    """Runs `net` for duration_ms and returns each population's rate and mean ISI CV after drop_ms."""
    from brian2 import ms
    import numpy as np
    t1 = time.perf_counter()
    net.run(duration_ms * ms, namespace=ns)
    t2 = time.perf_counter()
    i_all = np.asarray(mon.i[:])
    t_all = np.asarray(mon.t[:] / ms)
    keep = t_all >= drop_ms
    i_all, t_all = i_all[keep], t_all[keep]
    rates, cvs = [], []
    for p in range(8):
        sel = (i_all >= start[p]) & (i_all < start[p + 1])
        rates.append(float(sel.sum() / sizes[p] / ((duration_ms - drop_ms) / 1000)))
        order = np.lexsort((t_all[sel], i_all[sel]))
        ii, tt = i_all[sel][order], t_all[sel][order]
        vals = []
        for n in np.unique(ii):
            ts = tt[ii == n]
            if len(ts) >= 3:
                isi = np.diff(ts)
                vals.append(isi.std() / isi.mean())
        cvs.append(float(np.mean(vals)) if vals else float('nan'))
    return {'populations': POPS, 'sizes': sizes, 'rate_hz': rates, 'cv': cvs,
            'synapses': int(sum(len(S) for S in syn)), 'build_s': build_s, 'wall_s': t2 - t1}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--scale', type=float, default=0.1)
    ap.add_argument('--duration', type=float, default=1000.0)
    ap.add_argument('--drop', type=float, default=300.0)
    ap.add_argument('--dt', type=float, default=0.1)
    ap.add_argument('--target', default='cython', choices=['numpy', 'cython'])
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--seeds', default=None, help='comma-separated noise seeds: one run each of the same network, built once (needs --network-dir); prints a list')
    ap.add_argument('--network-dir', default=None, help="spikegpu's network instance (NPY files) instead of one drawn here")
    ap.add_argument('--k-scale', type=float, default=1.0, help="NEST's K_scaling: fraction of the in-degrees, with DC compensation")
    a = ap.parse_args()
    if not 0 < a.k_scale <= 1:
        ap.error(f'--k-scale {a.k_scale}: a fraction in (0, 1]')
    seeds = None
    if a.seeds is not None:
        try:
            seeds = [int(x) for x in a.seeds.split(',')]
        except ValueError:
            ap.error(f'--seeds {a.seeds!r}: comma-separated integers')
        if not seeds or not a.network_dir:
            ap.error('--seeds needs at least one seed and --network-dir (the network must not depend on the seed)')
    json.dump(run(a.scale, a.duration, a.drop, a.dt, a.target, a.seed, a.network_dir, a.k_scale, seeds), sys.stdout)


if __name__ == '__main__':
    main()
