#!/usr/bin/env python3
"""Runs a neuron model written in spikegpu's equation language (docs/models.md) in Brian2.

Reads JSON on stdin: {"model": <NeuronModelSpec>, "method": "euler" | "rk2" | "rk4" | "exact" |
"exponential_euler", "n": neurons, "dt": ms, "duration": ms, "params": {name: number or list per
neuron}, "exc": optional list of steps x n input jumps added to the model's excitatory input variable
at the start of each step}. Prints JSON {"i": [...], "step": [...]} with every spike's neuron and
time step (Brian2 records a spike at the start time of its step, as spikegpu does).

spikegpu's units are mV, nA, ms, uS, nF, MOhm (scale 1 each); they are Brian2 units too (MOhm is
Brian2's Mohm), so the equations run as written; only unit annotations go to Brian2's base units.
The input jumps run as run_regularly(when='start'), before the state update, where spikegpu adds
synaptic input. Everything runs in float64 with numpy code generation.
"""
import json
import re
import sys

import numpy as np
from brian2 import Mohm, Network, NeuronGroup, SpikeMonitor, TimedArray, defaultclock, kHz, mV, ms, nA, nF, prefs, uS

prefs.codegen.target = 'numpy'

BASE = {'mV': 'volt', 'nA': 'amp', 'ms': 'second', 'uS': 'siemens', 'nF': 'farad', 'MOhm': 'ohm', 'kHz': 'hertz'}
UNIT = {'mV': mV, 'nA': nA, 'ms': ms, 'uS': uS, 'nF': nF, 'MOhm': Mohm, 'kHz': kHz}


def brian_text(text):
    return re.sub(r'\bMOhm\b', 'Mohm', text)


def unit_value(unit_text):
    """The Brian2 quantity of one spikegpu unit annotation ('mV', '1/mV', 'mV/ms', '1')."""
    expr = re.sub(r'\b(mV|nA|ms|uS|nF|MOhm|kHz)\b', lambda m: f'UNIT["{m.group(1)}"]', unit_text)
    return eval(expr, {'UNIT': UNIT})  # the tests' own model files, not user input


def split_lines(equations):
    lines, depth, cur = [], 0, ''
    for ch in equations:
        if ch == '\n' and depth == 0:
            lines.append(cur)
            cur = ''
            continue
        depth += ch == '('
        depth -= ch == ')'
        cur += ' ' if ch == '\n' else ch
    lines.append(cur)
    return [ln.split('#')[0].strip() for ln in lines if ln.split('#')[0].strip()]


def main():
    d = json.load(sys.stdin)
    model = d['model']
    out_lines, units = [], {}
    for line in split_lines(model['equations']):
        m = re.match(r'^(.*?):\s*([^()]*?)\s*(\(.*\))?$', line)
        lhs, unit, flags = m.group(1).strip(), m.group(2).strip(), m.group(3) or ''
        name = re.match(r'^d?([A-Za-z][A-Za-z0-9_]*)', lhs.split('=')[0].strip().split('/')[0]).group(1)
        if lhs.startswith('d') and '/dt' in lhs.split('=')[0]:
            name = lhs.split('/')[0].strip()[1:]
        units[name] = unit
        base = re.sub(r'\b(mV|nA|ms|uS|nF|MOhm|kHz)\b', lambda u: BASE[u.group(1)], unit)
        out_lines.append(f'{brian_text(lhs)} : {base} {flags}'.rstrip())
    eqs = '\n'.join(out_lines)
    kwargs = {}
    if model.get('threshold'):
        kwargs['threshold'] = brian_text(model['threshold'])
    if model.get('reset'):
        kwargs['reset'] = brian_text(model['reset']).replace(';', '\n')
    n = int(d['n'])
    dt = float(d['dt'])
    # Brian2's refractory period counts the step of the spike; spikegpu's (as NEST's and its built-in
    # kernels) the steps after it: spikegpu's `refractory: T` holds as long as Brian2's T + dt.
    refr = model.get('refractory')
    if isinstance(refr, (int, float)) and refr > 0:
        kwargs['refractory'] = refr * ms + dt * ms
    elif isinstance(refr, str):
        kwargs['refractory'] = f'({brian_text(refr)}) + dt'
    steps = int(round(float(d['duration']) / dt))
    defaultclock.dt = dt * ms
    namespace = {}
    if d.get('exc') is not None:
        exc_var = model.get('inputs', {}).get('exc', 'I_exc')
        namespace['sg_jumps'] = TimedArray(np.asarray(d['exc'], dtype=float) * unit_value(units[exc_var]), dt=dt * ms)
    group = NeuronGroup(n, eqs, method=d['method'], namespace=namespace, **kwargs)
    values = dict(model.get('parameters', {}))
    values.update(d.get('params', {}))
    for name, v in values.items():
        setattr(group, name, np.asarray(v, dtype=float) * unit_value(units[name]))
    for name, v in model.get('initial', {}).items():
        if isinstance(v, str):
            setattr(group, name, brian_text(v))
        else:
            setattr(group, name, v * unit_value(units[name]))
    if d.get('exc') is not None:
        group.run_regularly(f'{exc_var} += sg_jumps(t, i)', when='start')
    mon = SpikeMonitor(group)
    net = Network(group, mon)
    net.run(steps * dt * ms)
    step = np.round(np.asarray(mon.t / ms) / dt).astype(int)
    print(json.dumps({'i': np.asarray(mon.i).astype(int).tolist(), 'step': step.tolist()}))


if __name__ == '__main__':
    main()
