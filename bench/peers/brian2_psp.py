#!/usr/bin/env python3
"""One PSC in Brian2 (Debian's python3-brian): a spike at 1 ms reaches an iaf_psc_exp neuron of the
Potjans-Diesmann parameters through one synapse of `--weight` pA and `--delay` ms. Prints the membrane
potential (mV) after every step, as JSON {"v": [...]} (StateMonitor when='end').

Usage: brian2_psp.py --weight 87.8 --delay 1.0 --steps 60 [--dt 0.1]
"""
import argparse, json, sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--weight', type=float, default=87.8)
    ap.add_argument('--delay', type=float, default=1.0)
    ap.add_argument('--steps', type=int, default=60)
    ap.add_argument('--dt', type=float, default=0.1)
    a = ap.parse_args()
    from brian2 import NeuronGroup, SpikeGeneratorGroup, Synapses, StateMonitor, Network, ms, mV, pA, Mohm, defaultclock, prefs
    prefs.codegen.target = 'numpy'
    defaultclock.dt = a.dt * ms
    taum, taus, EL, R = 10 * ms, 0.5 * ms, -65 * mV, 40 * Mohm
    eqs = '''dv/dt = (-(v - EL) + R * (ie + ii)) / taum : volt (unless refractory)
    die/dt = -ie / taus : amp
    dii/dt = -ii / taus : amp'''
    P = NeuronGroup(1, eqs, threshold='v > 0*mV', reset='v = -65*mV', refractory=2 * ms, method='exact')
    P.v = -65 * mV
    G = SpikeGeneratorGroup(1, [0], [1.0] * ms)
    S = Synapses(G, P, 'w : amp', on_pre='ie_post += w')
    S.connect()
    S.w = a.weight * pA
    S.delay = a.delay * ms
    M = StateMonitor(P, 'v', record=0, when='end')
    net = Network(P, G, S, M)
    net.run(a.steps * a.dt * ms, namespace={'EL': EL, 'R': R, 'taum': taum, 'taus': taus})
    json.dump({'v': [float(x / mV) for x in M.v[0]]}, sys.stdout)


if __name__ == '__main__':
    main()
