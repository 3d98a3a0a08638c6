#!/usr/bin/env python3
"""Reference runs of spikegpu's example networks in Brian2 (Debian's python3-brian).

Usage: brian2_networks.py cuba|coba|brunel|izhikevich --size 4000 --duration 1000 --dt 0.1 [--target numpy|cython] [--seed 1]
       brian2_networks.py cuba --network-file net.json ...   (CUBA on given synapses and initial potentials)
Prints one JSON object: {"i": [...], "t_ms": [...], "n_exc": .., "n_inh": .., "wall_s": .., "build_s": ..}
Parameters follow Brian2's CUBA example (Brette et al. 2007, benchmark 2).
"""
import argparse, json, sys, time


def run_timed(net, mon, duration_ms, report_spikes, n_exc, n_inh, synapses, namespace):
    """Runs `net` once for 0 ms (code generation and compilation, reported as build_s, excluded from
    wall_s), then for duration_ms; returns the spikes of `mon` and the timings as one dict. `namespace`
    holds the model's constants (the caller's locals(): Brian2 otherwise looks in this function)."""
    from brian2 import ms
    t0 = time.perf_counter()
    net.run(0 * ms, namespace=namespace)
    t1 = time.perf_counter()
    net.run(duration_ms * ms, namespace=namespace)
    t2 = time.perf_counter()
    return {
        'i': [int(x) for x in mon.i[:]] if report_spikes else [],
        't_ms': [float(x / ms) for x in mon.t[:]] if report_spikes else [],
        'spikes': int(mon.num_spikes), 'n_exc': n_exc, 'n_inh': n_inh,
        'build_s': t1 - t0, 'wall_s': t2 - t1, 'synapses': int(synapses),
    }


def cuba(size, duration_ms, dt_ms, target, seed, p=0.02, report_spikes=True, network_file=None):
    """Brian2's CUBA example. With `network_file` (JSON: pre, post, excitatory as 0/1 per synapse,
    v0 in mV, n_exc), the synapses and initial potentials are those given (spikegpu's, for a
    comparison on identical connectivity) instead of connect(p) and rand()."""
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, ms, mV, defaultclock, prefs, seed as bseed)
    import numpy as np
    prefs.codegen.target = target
    bseed(seed)
    defaultclock.dt = dt_ms * ms
    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV
    eqs = '''
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    '''
    given = None
    if network_file:
        with open(network_file) as f:
            given = json.load(f)
        size = len(given['v0'])
    P = NeuronGroup(size, eqs, threshold='v>Vt', reset='v = Vr', refractory=5 * ms, method='exact')
    P.v = np.array(given['v0']) * mV if given else 'Vr + rand() * (Vt - Vr)'
    P.ge = 0 * mV
    P.gi = 0 * mV
    n_exc = given['n_exc'] if given else int(round(0.8 * size))
    we = (60 * 0.27 / 10) * mV
    wi = (-20 * 4.5 / 10) * mV
    Ce = Synapses(P, P, on_pre='ge += we')
    Ci = Synapses(P, P, on_pre='gi += wi')
    if given:
        pre, post, exc = (np.array(given[k], dtype=np.int64) for k in ('pre', 'post', 'excitatory'))
        Ce.connect(i=pre[exc == 1], j=post[exc == 1])
        Ci.connect(i=pre[exc == 0], j=post[exc == 0])
    else:
        Ce.connect('i<n_exc', p=p)
        Ci.connect('i>=n_exc', p=p)
    s_mon = SpikeMonitor(P)
    net = Network(P, Ce, Ci, s_mon)
    return run_timed(net, s_mon, duration_ms, report_spikes, n_exc, size - n_exc, len(Ce) + len(Ci), locals())


def coba(size, duration_ms, dt_ms, target, seed, p=0.02, report_spikes=True, ext_rate=10.0):
    """Brette et al. 2007 benchmark 1 (COBA): conductance-based LIF, Cm 200 pF, gl 10 nS (taum 20 ms),
    El = Vr = -60 mV, Vt -50 mV, Ee 0 mV, Ei -80 mV, taue 5 ms, taui 10 ms, we 6 nS, wi 67 nS,
    refractory 5 ms, p = 0.02; forward Euler as spikegpu's lifCond. Initial state: v ~ N(-55, 5) mV,
    ge ~ N(4, 1.5) x 10 nS, gi ~ N(20, 12) x 10 nS (clipped at 0), plus a 50 ms Poisson kick (below)."""
    from brian2 import (NeuronGroup, PoissonGroup, Synapses, SpikeMonitor, Network, ms, mV, nS, pF, Hz, defaultclock, prefs, seed as bseed)
    import numpy as np
    prefs.codegen.target = target
    bseed(seed)
    np.random.seed(seed)
    defaultclock.dt = dt_ms * ms
    Cm, gl = 200 * pF, 10 * nS
    El, Vt, Vr, Ee, Ei = -60 * mV, -50 * mV, -60 * mV, 0 * mV, -80 * mV
    taue, taui = 5 * ms, 10 * ms
    eqs = '''
    dv/dt  = (gl*(El-v) + ge*(Ee-v) + gi*(Ei-v))/Cm : volt (unless refractory)
    dge/dt = -ge/taue : siemens
    dgi/dt = -gi/taui : siemens
    '''
    P = NeuronGroup(size, eqs, threshold='v>=Vt', reset='v = Vr', refractory=5 * ms, method='euler')
    P.v = (np.random.randn(size) * 5 - 55) * mV
    P.ge = np.maximum(0, np.random.randn(size) * 1.5 + 4) * 10 * nS
    P.gi = np.maximum(0, np.random.randn(size) * 12 + 20) * 10 * nS
    n_exc = int(round(0.8 * size))
    Ce = Synapses(P, P, on_pre='ge += 6*nS')
    Ci = Synapses(P, P, on_pre='gi += 67*nS')
    Ce.connect('i<n_exc', p=p)
    Ci.connect('i>=n_exc', p=p)
    # The initial stimulation: 1000 Poisson sources at ext_rate for the first 50 ms only, each neuron
    # receiving on average 100 of them (6 nS each); the activity is self-sustained afterwards.
    ext = PoissonGroup(1000, rates='(t < 50*ms) * ext_rate * Hz')
    Cx = Synapses(ext, P, on_pre='ge += 6*nS')
    Cx.connect(p=0.1)
    s_mon = SpikeMonitor(P)
    net = Network(P, Ce, Ci, ext, Cx, s_mon)
    return run_timed(net, s_mon, duration_ms, report_spikes, n_exc, size - n_exc, len(Ce) + len(Ci), locals())


def izhikevich(n_exc, n_inh, duration_ms, target, seed, report_spikes=True):
    """Izhikevich 2003 net.m at dt = 1 ms, in the same form as spikegpu's izhikevich2003(): per step,
    threshold (v >= 30) and reset first, synaptic input of the previous step's spikes (delay 1 ms),
    then two half-steps of v and one step of u with I = noise + synaptic input (Gaussian noise,
    sd 5 excitatory / 2 inhibitory). All-to-all, self-connections included."""
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, ms, defaultclock, prefs, seed as bseed)
    import numpy as np
    prefs.codegen.target = target
    bseed(seed)
    np.random.seed(seed)
    defaultclock.dt = 1 * ms
    n = n_exc + n_inh
    G = NeuronGroup(n, '''
    v : 1
    u : 1
    I : 1
    a : 1
    b : 1
    c : 1
    d : 1
    sd : 1
    ''', threshold='v >= 30', reset='v = c; u = u + d')
    re, ri = np.random.rand(n_exc), np.random.rand(n_inh)
    G.a = np.concatenate([0.02 * np.ones(n_exc), 0.02 + 0.08 * ri])
    G.b = np.concatenate([0.2 * np.ones(n_exc), 0.25 - 0.05 * ri])
    G.c = np.concatenate([-65 + 15 * re ** 2, -65 * np.ones(n_inh)])
    G.d = np.concatenate([8 - 6 * re ** 2, 2 * np.ones(n_inh)])
    G.sd = np.concatenate([5 * np.ones(n_exc), 2 * np.ones(n_inh)])
    G.v = -65
    G.u = G.b * G.v
    # After thresholds, synapses and resets: integrate with this step's input, then clear it.
    G.run_regularly('''
    I = I + sd * randn()
    v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
    v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
    u = u + a * (b * v - u)
    I = 0
    ''', when='end')
    S = Synapses(G, G, 'w : 1', on_pre='I_post += w', delay=1 * ms)
    S.connect()
    S.w = '(0.5 * int(i < n_exc) - int(i >= n_exc)) * rand()'
    mon = SpikeMonitor(G)
    net = Network(G, S, mon)
    return run_timed(net, mon, duration_ms, report_spikes, n_exc, n_inh, len(S), locals())


def brunel(n_exc, g, eta, duration_ms, dt_ms, target, seed, epsilon=0.1, report_spikes=True):
    """Brunel 2000 model A, scaled: J = 0.1 mV * 10000 / N_E; external pool of N_E Poisson sources at
    eta * nu_thr, each neuron receiving on average C_E of them (connection probability epsilon)."""
    from brian2 import (NeuronGroup, PoissonGroup, Synapses, SpikeMonitor, Network, ms, mV, Hz, defaultclock, prefs, seed as bseed)
    prefs.codegen.target = target
    bseed(seed)
    defaultclock.dt = dt_ms * ms
    n_inh = int(round(n_exc / 4))
    tau, theta, Vr = 20 * ms, 20 * mV, 10 * mV
    J = 0.1 * mV * (10000 / n_exc)
    c_e = int(round(epsilon * n_exc))
    nu_thr = theta / (J * c_e * tau)
    group = NeuronGroup(n_exc + n_inh, 'dv/dt = -v/tau : volt (unless refractory)', threshold='v >= theta',
                        reset='v = Vr', refractory=2 * ms, method='exact')
    group.v = 0 * mV
    exc, inh = group[:n_exc], group[n_exc:]
    ext = PoissonGroup(n_exc, rates=eta * nu_thr)
    # Delta synapses; inputs arriving during the refractory period are lost (Brunel 2000).
    on_pre = 'v_post += w * int(not_refractory_post)'
    se = Synapses(exc, group, 'w : volt', on_pre=on_pre, delay=1.5 * ms)
    se.connect(p=epsilon, condition='i != j')
    se.w = J
    si = Synapses(inh, group, 'w : volt', on_pre=on_pre, delay=1.5 * ms)
    si.connect(p=epsilon, condition='i != j - n_exc')
    si.w = -g * J
    sx = Synapses(ext, group, 'w : volt', on_pre=on_pre, delay=1.5 * ms)
    sx.connect(p=epsilon)
    sx.w = J
    mon = SpikeMonitor(group)
    net = Network(group, ext, se, si, sx, mon)
    return run_timed(net, mon, duration_ms, report_spikes, n_exc, n_inh, len(se) + len(si) + len(sx), locals())


def song2000(duration_ms, dt_ms, target, seed, n_inputs=1000, rate_hz=15.0, gmax=0.01, report_spikes=True):
    """Brian2's STDP example (Song, Miller & Abbott 2000), as spikegpu's song2000(): Poisson inputs onto
    one conductance-based LIF neuron (euler), additive all-to-all STDP. Returns the neuron's spikes
    and the final weights (w, dimensionless ge, = uS with a 1 uS leak)."""
    from brian2 import (NeuronGroup, PoissonGroup, Synapses, SpikeMonitor, Network, ms, mV, Hz, defaultclock, prefs, seed as bseed)
    import numpy as np
    prefs.codegen.target = target
    bseed(seed)
    defaultclock.dt = dt_ms * ms
    taum, taupre, taupost, taue = 10 * ms, 20 * ms, 20 * ms, 5 * ms
    Ee, vt, vr, El = 0 * mV, -54 * mV, -60 * mV, -74 * mV
    dApre = .01 * gmax
    dApost = -dApre * taupre / taupost * 1.05
    eqs = '''
    dv/dt = (ge * (Ee-v) + El - v) / taum : volt
    dge/dt = -ge / taue : 1
    '''
    inp = PoissonGroup(n_inputs, rates=rate_hz * Hz)
    neuron = NeuronGroup(1, eqs, threshold='v>vt', reset='v = vr', method='euler')
    S = Synapses(inp, neuron, '''w : 1
                dApre/dt = -Apre / taupre : 1 (event-driven)
                dApost/dt = -Apost / taupost : 1 (event-driven)''',
                 on_pre='''ge += w
                 Apre += dApre
                 w = clip(w + Apost, 0, gmax)''',
                 on_post='''Apost += dApost
                 w = clip(w + Apre, 0, gmax)''')
    S.connect()
    S.w = 'rand() * gmax'
    mon = SpikeMonitor(neuron)
    net = Network(inp, neuron, S, mon)
    out = run_timed(net, mon, duration_ms, report_spikes, 1, 0, len(S), locals())
    out['weights'] = [float(x) for x in np.asarray(S.w[:])]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('network', choices=['cuba', 'coba', 'brunel', 'izhikevich', 'song2000'])
    ap.add_argument('--g', type=float, default=5.0)
    ap.add_argument('--eta', type=float, default=2.0)
    ap.add_argument('--rate', type=float, default=10.0, help='COBA: rate of the 50 ms initial Poisson stimulation (Hz)')
    ap.add_argument('--size', type=int, default=4000)
    ap.add_argument('--duration', type=float, default=1000.0)
    ap.add_argument('--dt', type=float, default=0.1)
    ap.add_argument('--target', default='numpy', choices=['numpy', 'cython'])
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--no-spikes', action='store_true', help='report counts only (benchmarks)')
    ap.add_argument('--p', type=float, default=0.02, help='connection probability (e.g. 80/N for in-degree 80 on average)')
    ap.add_argument('--network-file', default=None, help='CUBA: JSON with the synapses (pre, post, excitatory) and v0 to use')
    a = ap.parse_args()
    if a.network == 'song2000':
        out = song2000(a.duration, a.dt, a.target, a.seed)
    elif a.network == 'brunel':
        out = brunel(int(round(a.size * 0.8)), a.g, a.eta, a.duration, a.dt, a.target, a.seed, report_spikes=not a.no_spikes)
    elif a.network == 'izhikevich':
        out = izhikevich(int(round(a.size * 0.8)), a.size - int(round(a.size * 0.8)), a.duration, a.target, a.seed, not a.no_spikes)
    elif a.network == 'coba':
        out = coba(a.size, a.duration, a.dt, a.target, a.seed, a.p, not a.no_spikes, a.rate)
    else:
        out = cuba(a.size, a.duration, a.dt, a.target, a.seed, a.p, not a.no_spikes, a.network_file)
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
