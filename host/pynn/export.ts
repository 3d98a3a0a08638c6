/**
 * A network model as a plain PyNN script, the path to NEST, NEURON and Brian2 on clusters: populations
 * as PyNN standard cells, projections with PyNN's connectors (or the very synapses spikegpu builds from
 * its seed, as FromListConnector), STDP where PyNN has it, spike recording, and the simulator chosen on
 * the command line (`python net.py nest|neuron|brian2`). Large arrays go to one .npz beside the
 * script. Every name is written as a quoted Python string (JSON-escaped), never as code. docs/pynn.md
 * maps every parameter and says what is approximated; what has no PyNN form is refused.
 */
import { InvalidParameterError } from '../errors.js';
import { encodeNpz } from '../io/npz.js';
import { DEFAULT_INPUT_FRACTION_BITS } from '../kernels/neuron-kernel.js';
import type { NetworkModel, PopulationModel, ProjectionModel } from '../model/network.js';
import { validateNetwork } from '../model/validate-network.js';
import { connect, type Initializer } from '../random/rows.js';
import { requirePositive } from '../validate.js';

export interface PynnExportOptions {
  /** Time step (ms) of the model (sim.setup(timestep=dt)). */
  dt: number;
  /** Seed of the connectivity (spikegpu's, for synapses: 'same'; PyNN's NumpyRNG otherwise). Default 1. */
  seed?: number;
  /** Default run length of the script (ms); `--duration` overrides it. Default 1000. */
  durationMs?: number;
  /**
   * 'rule' (default): PyNN's connectors and random distributions (the same statistics, other draws);
   * 'same': every projection as FromListConnector with the synapses spikegpu builds from `seed`.
   */
  synapses?: 'rule' | 'same';
  /** File name of the .npz beside the script (default 'net.npz'). */
  dataFile?: string;
}

export interface PynnExport {
  script: string;
  /** The .npz the script loads (null when it needs none). */
  data: Uint8Array | null;
  dataFile: string;
  warnings: string[];
}

const OBJ = 'PyNN export';
const py = (v: unknown): string => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InvalidParameterError(OBJ, 'value', v, 'finite numbers');
    return Object.is(v, -0) ? '0.0' : String(v);
  }
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return JSON.stringify(v);
  throw new Error(`py: ${typeof v}`);
};

type P = Record<string, unknown>;

/** Exports `model` as a PyNN script (plus its .npz of arrays). */
export function pynnScript(model: NetworkModel, o: PynnExportOptions): PynnExport {
  const dt = requirePositive(OBJ, 'dt', o.dt, 'ms');
  const seed = o.seed ?? 1;
  const mode = o.synapses ?? 'rule';
  if (mode !== 'rule' && mode !== 'same') throw new InvalidParameterError(OBJ, 'synapses', mode, "'rule' or 'same'");
  const dataFile = o.dataFile ?? 'net.npz';
  if (!/^[A-Za-z0-9_.-]+\.npz$/.test(dataFile)) throw new InvalidParameterError(OBJ, 'dataFile', dataFile, 'a file name ending in .npz (letters, digits, _ . -)');
  validateNetwork(model, dt);
  const warnings: string[] = [];
  const arrays = new Map<string, { data: Float64Array; shape: number[] }>();
  /** A parameter value as Python: a number, or DATA[key] for per-neuron arrays. */
  const value = (key: string, v: unknown, def: number, map: (x: number) => number = (x) => x): string => {
    if (v === undefined) return py(map(def));
    if (typeof v === 'number') return py(map(v));
    const a = Float64Array.from(v as number[], map);
    if (a.every((x) => x === a[0])) return py(a[0]!);
    arrays.set(key, { data: a, shape: [a.length] });
    return `DATA[${py(key)}]`;
  };
  const perNeuron = (v: unknown, n: number, def: number): Float64Array => (v === undefined ? new Float64Array(n).fill(def) : typeof v === 'number' ? new Float64Array(n).fill(v) : Float64Array.from(v as number[]));
  const lines: string[] = [];
  /** Per post population: the factor from a spikegpu weight to PyNN's (current-based: 1). */
  const weightScale = new Map<string, Float64Array>();
  const extra: string[] = [];
  model.populations.forEach((pop, i) => {
    const where = `population '${pop.name}'`;
    const q = (pop.params ?? {}) as P;
    const k = `p${i}`;
    const n = pop.size;
    const pyName = py(pop.name);
    let cell: string;
    let init: string | undefined;
    switch (pop.model) {
      case 'lif': {
        if (q.reset === 'soft') throw new InvalidParameterError(OBJ, `${where} params.reset`, 'soft', "'hard' (PyNN's IF cells reset to v_reset; none subtracts the threshold)");
        const tauExc = perNeuron(q.tauSynExc, n, 5);
        const tauInh = perNeuron(q.tauSynInh, n, 10);
        const delta = tauExc.every((x) => x === 0) && tauInh.every((x) => x === 0);
        if (!delta && (tauExc.some((x) => x === 0) || tauInh.some((x) => x === 0))) {
          throw new InvalidParameterError(OBJ, `${where} params.tauSynExc`, q.tauSynExc, 'all > 0 (IF_curr_exp) or, with tauSynInh, all 0 (IF_curr_delta)');
        }
        const tauMem = perNeuron(q.tauMem, n, 20);
        const rMem = perNeuron(q.rMem, n, 1);
        const vRest = q.vRest ?? q.vLeak;
        const common = [
          `tau_m=${value(`${k}.tau_m`, q.tauMem, 20)}`, `cm=${value(`${k}.cm`, Array.from(tauMem, (t, j) => t / rMem[j]!), 20)}`,
          `v_rest=${value(`${k}.v_rest`, vRest, -70)}`, `v_thresh=${value(`${k}.v_thresh`, q.vThreshold, -50)}`, `v_reset=${value(`${k}.v_reset`, q.vReset, -70)}`,
          `tau_refrac=${value(`${k}.tau_refrac`, q.refractoryMs, 0)}`, `i_offset=${value(`${k}.i_offset`, q.biasCurrent, 0)}`,
        ];
        if (delta) {
          cell = `sim.IF_curr_delta(${common.join(', ')})`;
          // A one-step current w moves v by rMem w (1 - exp(-dt/tauMem)) by the step's end: that is the voltage jump.
          weightScale.set(pop.name, tauMem.map((t, j) => rMem[j]! * (1 - Math.exp(-dt / t))));
        } else {
          cell = `sim.IF_curr_exp(${common.join(', ')}, tau_syn_E=${value(`${k}.tau_syn_E`, q.tauSynExc, 5)}, tau_syn_I=${value(`${k}.tau_syn_I`, q.tauSynInh, 10)})`;
          weightScale.set(pop.name, new Float64Array(n).fill(1));
        }
        init = value(`${k}.v0`, q.v0 ?? vRest, -70);
        const rate = perNeuron(q.poissonRateHz, n, 0);
        if (rate.some((x) => x > 0)) {
          // Brian2's PoissonInput / per-neuron Poisson drive: one Poisson source per neuron at the summed rate.
          const w = perNeuron(q.poissonWeight, n, 0);
          if (w.some((x) => x < 0) && w.some((x) => x > 0)) throw new InvalidParameterError(OBJ, `${where} params.poissonWeight`, q.poissonWeight, 'one sign for the whole population');
          const s = weightScale.get(pop.name)!;
          extra.push(`# The Poisson drive of ${JSON.stringify(pop.name).slice(1, -1)}: one source per neuron at its summed rate.`,
            `drive = sim.Population(${n}, sim.SpikeSourcePoisson(rate=${value(`${k}.poisson_rate`, q.poissonRateHz, 0)}), label=${py(`${pop.name}.poisson`)})`,
            `sim.Projection(drive, pops[${pyName}], sim.OneToOneConnector(), sim.StaticSynapse(weight=${value(`${k}.poisson_weight`, Array.from(w, (x, j) => x * s[j]!), 0)}, delay=delay_ms(DT)), receptor_type=${py(w.some((x) => x < 0) ? 'inhibitory' : 'excitatory')})`);
        }
        break;
      }
      case 'lifCond':
        if (q.reset === 'soft') throw new InvalidParameterError(OBJ, `${where} params.reset`, 'soft', "'hard' (PyNN's IF_cond_exp resets to v_reset)");
        cell = `sim.IF_cond_exp(tau_m=${value(`${k}.tau_m`, q.tauMem, 20)}, cm=${value(`${k}.cm`, q.cMem, 0.2)}, v_rest=${value(`${k}.v_rest`, q.vRest, -60)}, ` +
          `v_thresh=${value(`${k}.v_thresh`, q.vThreshold, -50)}, v_reset=${value(`${k}.v_reset`, q.vReset, -60)}, tau_refrac=${value(`${k}.tau_refrac`, q.refractoryMs, 5)}, ` +
          `i_offset=${value(`${k}.i_offset`, q.biasCurrent, 0)}, tau_syn_E=${value(`${k}.tau_syn_E`, q.tauSynExc, 5)}, tau_syn_I=${value(`${k}.tau_syn_I`, q.tauSynInh, 10)}, ` +
          `e_rev_E=${value(`${k}.e_rev_E`, q.eExc, 0)}, e_rev_I=${value(`${k}.e_rev_I`, q.eInh, -80)})`;
        init = value(`${k}.v0`, q.v0 ?? q.vRest, -60);
        weightScale.set(pop.name, new Float64Array(n).fill(1));
        for (const g of ['gExc0', 'gInh0']) if (q[g] !== undefined) warnings.push(`${where}: the initial conductance ${g} is not exported (PyNN cells start at 0)`);
        break;
      case 'izhikevich':
        if (perNeuron(q.noiseSd, n, 0).some((x) => x > 0)) throw new InvalidParameterError(OBJ, `${where} params.noiseSd`, q.noiseSd, '0 (the per-step noise current has no PyNN standard form)');
        // PyNN's Izhikevich takes currents in nA through 1 pF: the paper's dimensionless current I is I / 1000 nA.
        cell = `sim.Izhikevich(a=${value(`${k}.a`, q.a, 0.02)}, b=${value(`${k}.b`, q.b, 0.2)}, c=${value(`${k}.c`, q.c, -65)}, d=${value(`${k}.d`, q.d, 8)}, i_offset=${value(`${k}.i_offset`, q.biasCurrent, 0, (x) => x / 1000)})`;
        init = value(`${k}.v0`, q.v0, -65);
        weightScale.set(pop.name, new Float64Array(n).fill(dt));
        warnings.push(`${where}: Izhikevich synaptic input becomes a voltage jump of dt x weight per spike (spikegpu holds it as a current for one step)`);
        if (q.vPeak !== undefined && q.vPeak !== 30) throw new InvalidParameterError(OBJ, `${where} params.vPeak`, q.vPeak, "30 (PyNN's Izhikevich fires at 30 mV)");
        break;
      case 'poisson':
        cell = `sim.SpikeSourcePoisson(rate=${value(`${k}.rate`, q.rates, 0)})`;
        break;
      case 'spikeArray': {
        const times = (q.times as number[] | undefined) ?? [];
        const idx = (q.indices as number[] | undefined) ?? [];
        arrays.set(`${k}.times`, { data: Float64Array.from(times, (t) => Math.round(t / dt) * dt), shape: [times.length] });
        arrays.set(`${k}.indices`, { data: Float64Array.from(idx), shape: [idx.length] });
        cell = `sim.SpikeSourceArray(spike_times=spike_lists(DATA[${py(`${k}.times`)}], DATA[${py(`${k}.indices`)}], ${n}))`;
        break;
      }
      default:
        if (typeof pop.model === 'object') {
          throw new InvalidParameterError(OBJ, `${where} model`, `equations model '${pop.model.name ?? 'equations'}'`, 'lif, lifCond, izhikevich, poisson or spikeArray',
            "PyNN runs its standard cells only (a model written as equations would need NESTML or Brian2 code, which PyNN does not take): use a built-in model to export, or run the equations with Brian2.");
        }
        throw new InvalidParameterError(OBJ, `${where} model`, pop.model, "lif, lifCond, izhikevich, poisson or spikeArray (PyNN has no standard cell for spikegpu's alif or iaf)");
    }
    lines.push(`pops[${pyName}] = sim.Population(${n}, ${cell}, label=${pyName})`);
    if (init !== undefined) lines.push(`pops[${pyName}].initialize(v=${init})`);
  });
  lines.push(...extra);

  const sizes = new Map(model.populations.map((p) => [p.name, p.size]));
  model.projections.forEach((proj, index) => {
    const where = `projection '${proj.name}'`;
    const scale = weightScale.get(proj.post)!;
    const uniformScale = scale.every((x) => x === scale[0]) ? scale[0]! : undefined;
    const receptor = py(proj.target === 'inh' ? 'inhibitory' : 'excitatory');
    let connector: string;
    let weight: string;
    let delay: string;
    if (mode === 'same' || proj.connectivity.rule === 'explicit' || uniformScale === undefined) {
      const nPre = sizes.get(proj.pre)!;
      const nPost = sizes.get(proj.post)!;
      const rows = connect(proj, index, nPre, nPost, proj.pre === proj.post, { seed, dt, fractionBits: DEFAULT_INPUT_FRACTION_BITS, maxDelaySteps: 1 << 20 });
      const list: number[] = [];
      const fb = 2 ** DEFAULT_INPUT_FRACTION_BITS;
      for (let i = 0; i < nPre; i++) for (let s = 0; s < rows.rowLength[i]!; s++) {
        const at = i * rows.maxRow + s;
        const j = rows.ind[at]!;
        list.push(i, j, (rows.weight[at]! / fb) * scale[j]!, (rows.delay ? rows.delay[at]! : rows.constDelay) * dt);
      }
      const key = `c${index}`;
      arrays.set(key, { data: Float64Array.from(list), shape: [list.length / 4, 4] });
      connector = `sim.FromListConnector(with_delays(DATA[${py(key)}]), column_names=["weight", "delay"])`;
      weight = '';
      delay = '';
    } else {
      const c = proj.connectivity;
      const self = proj.pre === proj.post ? `, allow_self_connections=${py('autapses' in c && c.autapses === true)}` : '';
      switch (c.rule) {
        case 'allToAll': connector = `sim.AllToAllConnector(${self.slice(2)})`; break;
        case 'oneToOne': connector = 'sim.OneToOneConnector()'; break;
        case 'fixedProbability': connector = `sim.FixedProbabilityConnector(${py(c.p)}${self}, rng=rng)`; break;
        case 'fixedInDegree': connector = `sim.FixedNumberPreConnector(${py(c.k)}${self}, rng=rng)`; break;
        case 'fixedOutDegree': connector = `sim.FixedNumberPostConnector(${py(c.k)}${self}, rng=rng)`; break;
        case 'fixedTotalNumber': connector = `sim.FixedTotalNumberConnector(${py(c.n)}${self}, with_replacement=${py(c.multapses !== false)}, rng=rng)`; break;
      }
      weight = distribution(proj.weight, uniformScale, where, 'weight');
      delay = proj.delayMs === undefined ? 'delay_ms(DT)' : delayDistribution(proj.delayMs, dt, where);
    }
    const synapse = synapseOf(proj, weight, delay, uniformScale, where);
    lines.push(`prj[${py(proj.name)}] = sim.Projection(pops[${py(proj.pre)}], pops[${py(proj.post)}], ${connector}, ${synapse}, receptor_type=${receptor}, label=${py(proj.name)})`);
  });

  const data = arrays.size ? encodeNpz(new Map([...arrays].map(([k, v]) => [k, v]))) : null;
  const script = header(model, dt, seed, o.durationMs ?? 1000, data ? dataFile : null) + lines.join('\n') + FOOTER;
  return { script, data, dataFile, warnings };
}

/** A spikegpu initializer as a PyNN value or RandomDistribution, times `scale`. */
function distribution(init: Initializer, scale: number, where: string, field: string): string {
  if (typeof init === 'number') return py(init * scale);
  switch (init.dist) {
    case 'constant': return py(init.value * scale);
    case 'uniform': return `RandomDistribution("uniform", low=${py(init.low * scale)}, high=${py(init.high * scale)}, rng=rng)`;
    case 'normal':
      if (init.low !== undefined || init.high !== undefined) {
        return `RandomDistribution("normal_clipped", mu=${py(init.mean * scale)}, sigma=${py(init.sd * scale)}, low=${py((init.low ?? -Infinity) === -Infinity ? -1e30 : init.low! * scale)}, high=${py((init.high ?? Infinity) === Infinity ? 1e30 : init.high! * scale)}, rng=rng)`;
      }
      return `RandomDistribution("normal", mu=${py(init.mean * scale)}, sigma=${py(init.sd * scale)}, rng=rng)`;
    case 'lognormal':
      if (!(scale > 0)) throw new InvalidParameterError(OBJ, `${where} ${field}`, init, 'a lognormal only onto populations with a positive weight scale');
      return `RandomDistribution("lognormal", mu=${py(init.mu + Math.log(scale))}, sigma=${py(init.sigma)}, rng=rng)`;
  }
}

/**
 * Delays, through the script's delay_ms (one step shorter on Brian2, see the script's header). spikegpu
 * draws whole steps; PyNN's uniform over [low - dt/2, high + dt/2] rounds to the same steps.
 */
function delayDistribution(init: Initializer, dt: number, where: string): string {
  if (typeof init === 'object' && init.dist === 'uniform') {
    return `RandomDistribution("uniform", low=delay_ms(${py(init.low)}) - DT / 2, high=delay_ms(${py(init.high)}) + DT / 2, rng=rng)`;
  }
  if (typeof init === 'object' && init.dist === 'normal') {
    return `RandomDistribution("normal_clipped", mu=${py(init.mean)} - DELAY_SHIFT, sigma=${py(init.sd)}, low=delay_ms(${py(Math.max(dt, init.low ?? dt))}), high=${py(init.high ?? 1e30)}, rng=rng)`;
  }
  if (typeof init === 'number') return `delay_ms(${py(init)})`;
  if (init.dist === 'constant') return `delay_ms(${py(init.value)})`;
  throw new InvalidParameterError(OBJ, `${where} delayMs`, init, 'a constant, uniform or normal delay');
}

function synapseOf(proj: ProjectionModel, weight: string, delay: string, scale: number | undefined, where: string): string {
  const args = [weight && `weight=${weight}`, delay && `delay=${delay}`].filter(Boolean).join(', ');
  const s = proj.synapse;
  if (s === undefined || s === 'static') return `sim.StaticSynapse(${args})`;
  if (!('rule' in s) || typeof s.rule !== 'string') {
    throw new InvalidParameterError(OBJ, `${where} synapse`, `rule written as equations '${s.name ?? 'equations'}'`, "'stdp' or static",
      "PyNN runs its standard synapse types only (a rule written as equations would need NESTML or Brian2 code, which PyNN does not take): use rule 'stdp' to export, or run the equations with Brian2.");
  }
  if (s.rule !== 'stdp') throw new InvalidParameterError(OBJ, `${where} synapse.rule`, s.rule, "'stdp' or static (PyNN has no standard form of spikegpu's other rules)");
  for (const k of ['modulator', 'structural', 'consolidation'] as const) if (s[k] !== undefined) throw new InvalidParameterError(OBJ, `${where} synapse.${k}`, s[k], 'none (no PyNN form)');
  if ((s.dendriticDelayMs as number | undefined ?? 0) !== 0) throw new InvalidParameterError(OBJ, `${where} synapse.dendriticDelayMs`, s.dendriticDelayMs, '0 (the delays are exported as axonal)');
  if ((s.pairing ?? 'allToAll') !== 'allToAll') throw new InvalidParameterError(OBJ, `${where} synapse.pairing`, s.pairing, "'allToAll' (PyNN's SpikePairRule)");
  const dep = (s.dependence as string | undefined) ?? 'additive';
  if (dep !== 'additive' && dep !== 'multiplicative') throw new InvalidParameterError(OBJ, `${where} synapse.dependence`, dep, "'additive' or 'multiplicative' (PyNN's AdditiveWeightDependence, MultiplicativeWeightDependence)");
  const k = scale ?? 1;
  const wMax = (s.wMax as number) * k;
  const wMin = ((s.wMin as number | undefined) ?? 0) * k;
  const aPlus = ((s.aPlus as number | undefined) ?? 0.01 * (s.wMax as number)) * k;
  const aMinus = ((s.aMinus as number | undefined) ?? 1.05 * (aPlus / k)) * k;
  // PyNN's amplitudes are fractions: of w_max (additive) or of the distance to the bound (multiplicative, over wMax - wMin here).
  const norm = dep === 'additive' ? wMax : wMax - wMin;
  return `sim.STDPMechanism(timing_dependence=sim.SpikePairRule(tau_plus=${py((s.tauPlus as number | undefined) ?? 20)}, tau_minus=${py((s.tauMinus as number | undefined) ?? 20)}, ` +
    `A_plus=${py(aPlus / norm)}, A_minus=${py(aMinus / norm)}), weight_dependence=sim.${dep === 'additive' ? 'Additive' : 'Multiplicative'}WeightDependence(w_min=${py(wMin)}, w_max=${py(wMax)}), ` +
    `dendritic_delay_fraction=0${args ? `, ${args}` : ''})`;
}

function header(model: NetworkModel, dt: number, seed: number, durationMs: number, dataFile: string | null): string {
  const names = model.populations.map((p: PopulationModel) => p.name);
  return `#!/usr/bin/env python3
"""A spiking network exported by spikegpu as a PyNN script (docs/pynn.md).

    python net.py brian2 --duration 1000 --out results      # or nest, neuron
    mpirun -np 16 python net.py nest --duration 1000 --out results   # NEST or NEURON on a cluster

Populations: ${names.length} (${names.map((n) => JSON.stringify(n)).join(', ').slice(0, 400)}). Writes <population>_spikes.npy per
population into --out: float64 [n, 2] rows of (time in ms, neuron index).
"""
import argparse
import importlib
import os
import warnings

import numpy as np

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("simulator", choices=["nest", "neuron", "brian2"])
parser.add_argument("--duration", type=float, default=${py(durationMs)}, help="model time, ms")
parser.add_argument("--out", default="pynn-out", help="directory for the spike files")
args = parser.parse_args()
warnings.filterwarnings("ignore")
sim = importlib.import_module("pyNN." + args.simulator)
from pyNN.random import NumpyRNG, RandomDistribution  # noqa: E402

DT = ${py(dt)}
SEED = ${py(seed)}
${dataFile ? `DATA = np.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), ${py(dataFile)}))` : 'DATA = {}'}


# spikegpu lets a spike act in the update of the step it arrives in; Brian2's synapses act after that
# step's update, one step later. On Brian2 every delay is one step shorter (never below DT), so spikes
# act in the same step as in spikegpu.
DELAY_SHIFT = DT if args.simulator == "brian2" else 0.0


def delay_ms(d):
    """A spikegpu delay (ms) as this simulator's."""
    return max(DT, round((d - DELAY_SHIFT) / DT) * DT)


def with_delays(conn):
    """A (pre, post, weight, delay) list with its delays as this simulator's."""
    out = np.array(conn, dtype=np.float64)
    out[:, 3] = np.maximum(DT, np.round((out[:, 3] - DELAY_SHIFT) / DT) * DT)
    return out


def spike_lists(times, indices, n):
    """Per neuron, its spike times (ms), for SpikeSourceArray."""
    return [sim.Sequence(np.sort(times[indices == i])) for i in range(n)]


sim.setup(timestep=DT, min_delay=DT)
rng = NumpyRNG(seed=SEED, parallel_safe=True)
pops = {}
prj = {}
`;
}

const FOOTER = `

for p in pops.values():
    p.record("spikes")
sim.run(args.duration)
if sim.rank() == 0:
    os.makedirs(args.out, exist_ok=True)
for name, p in pops.items():
    block = p.get_data("spikes", gather=True)
    if sim.rank() != 0:
        continue
    rows = []
    for k, st in enumerate(block.segments[0].spiketrains):
        i = int(st.annotations.get("source_index", k))
        rows.extend((float(t), i) for t in st.magnitude)
    safe = "".join(c if c.isalnum() or c in "_.-" else "_" for c in name)
    np.save(os.path.join(args.out, safe + "_spikes.npy"), np.array(rows, dtype=np.float64).reshape(-1, 2))
sim.end()
`;
