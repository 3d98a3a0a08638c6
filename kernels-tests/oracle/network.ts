/**
 * CPU oracle of a whole network: the neuron and Poisson oracles plus propagateOracle, stepped in the
 * Simulator's order (every population consumes its ring slot t % slots, then every projection
 * delivers step t's spikes). Connectivity comes from host/random/rows.ts, the same generator the
 * Simulator uses.
 */
import { alifKernel } from '../../host/kernels/alif';
import { izhikevichKernel } from '../../host/kernels/izhikevich';
import { lifKernel } from '../../host/kernels/lif';
import { lifCondKernel } from '../../host/kernels/lifCond';
import { LifCondOracle } from './lifCond';
import { resolvePoissonRates } from '../../host/kernels/poisson';
import { connect, type RaggedRows } from '../../host/random/rows';
import type { NetworkModel } from '../../host/model/network';
import { AlifOracle } from './alif';
import { IzhikevichOracle } from './izhikevich';
import { LifOracle } from './lif';
import type { NeuronOracle } from './neuron-oracle';
import { PoissonOracle } from './poisson';
import { SpikeArrayOracle } from './spikeArray';
import { propagateOracle } from './propagate';
import { proceduralOracle } from './procedural';
import { proceduralFrame } from '../../host/kernels/procedural';
import { resolveSynapse } from '../../host/learn/plasticity';
import { gatedTwin, PlasticOracle } from './plastic';
import { STRUCTURAL_STREAM_BASE } from '../../host/kernels/structural';
import { RULE_TWINS } from './rules/index';

interface PopState {
  name: string;
  size: number;
  slots: number;
  neuron?: NeuronOracle;
  poisson?: PoissonOracle;
  replay?: SpikeArrayOracle;
  exc: Int32Array;
  inh: Int32Array;
}

/** Placeholder rows of a procedural projection (no synapses stored; only its delay counts). */
function emptyRows(nPre: number, nPost: number, delay: number): RaggedRows {
  return { nPre, nPost, maxRow: 1, rowLength: new Uint32Array(nPre), ind: new Uint32Array(nPre), weight: new Int32Array(nPre), delay: null, constDelay: delay, maxDelay: delay, synapses: 0, perSynapseDelay: false };
}

export class NetworkOracle {
  readonly rows: RaggedRows[];
  readonly procedural: (Record<string, number> | null)[];
  /** The plastic projections' oracles (null for static ones). */
  readonly plastic: (PlasticOracle | null)[];
  synops = 0;
  private readonly pops = new Map<string, PopState>();
  step = 0;
  wraps = 0;

  constructor(private readonly network: NetworkModel, private readonly opts: { dt: number; batch: number; seed: number; inputFractionBits?: number; maxDelayMs?: number }) {
    const { dt, batch, seed } = opts;
    const bits = opts.inputFractionBits ?? 16;
    const sizes = new Map(network.populations.map((p) => [p.name, p.size]));
    const maxDelaySteps = Math.max(1, Math.floor((opts.maxDelayMs ?? 100) / dt + 1e-9));
    // Procedural projections (explicit storage: 'procedural') store nothing; the oracle regenerates them per spike.
    this.procedural = network.projections.map((p, i) => (p.storage === 'procedural'
      ? proceduralFrame(p, i, sizes.get(p.pre)!, sizes.get(p.post)!, p.pre === p.post, { seed, dt, fractionBits: bits, maxDelaySteps }) : null));
    this.rows = network.projections.map((p, i) => (this.procedural[i] ? emptyRows(sizes.get(p.pre)!, sizes.get(p.post)!, this.procedural[i]!.delay!)
      : connect(p, i, sizes.get(p.pre)!, sizes.get(p.post)!, p.pre === p.post, { seed, dt, fractionBits: bits, maxDelaySteps })));
    this.plastic = network.projections.map((p, i) => {
      const r = resolveSynapse(`oracle ${p.name}`, 'synapse', p.synapse, dt);
      const twin = r?.rule.twin ?? RULE_TWINS[r?.rule.rule ?? '']!;
      return r ? new PlasticOracle(this.rows[i]!, r.rule, r.consolidation ? gatedTwin(twin, r.rule.wMin, r.rule.wMax) : twin, {
        batch, dt, fractionBits: bits, dendriticDelay: r.dendriticDelay, modulator: r.modulator,
        structural: r.structural ? { ...r.structural, seed, stream: STRUCTURAL_STREAM_BASE + i, noSelf: p.pre === p.post } : null,
      }) : null;
    });
    const scale = 2 ** -bits;
    network.populations.forEach((p, index) => {
      const slots = Math.max(1, ...network.projections.map((q, i) => (q.post === p.name ? this.rows[i]!.maxDelay : 1)));
      const n = p.size;
      const st: PopState = { name: p.name, size: n, slots, exc: new Int32Array(slots * n * batch), inh: new Int32Array(slots * n * batch) };
      const where = `oracle ${p.name}`;
      if (p.model === 'spikeArray') st.replay = new SpikeArrayOracle(p.params.times, p.params.indices, dt, batch);
      else if (p.model === 'poisson') st.poisson = new PoissonOracle(resolvePoissonRates(where, p.params, n, dt), n, batch, dt, seed, index);
      else if (p.model === 'lif') st.neuron = new LifOracle(lifKernel.resolve(where, p.params, n, dt), n, batch, scale, p.params?.reset === 'soft', { seed, stream: index });
      else if (p.model === 'lifCond') st.neuron = new LifCondOracle(lifCondKernel.resolve(where, p.params, n, dt), n, batch, scale, p.params?.reset === 'soft');
      else if (p.model === 'alif') st.neuron = new AlifOracle(alifKernel.resolve(where, p.params, n, dt), n, batch, scale, p.params.reset === 'soft');
      else st.neuron = new IzhikevichOracle(izhikevichKernel.resolve(where, p.params, n, dt), n, batch, scale, dt, { seed, stream: index });
      this.pops.set(p.name, st);
    });
  }

  /** The oracle state arrays of a neuron population (index b*size + i). */
  state(name: string): Record<string, Float32Array | Int32Array> {
    const st = this.pops.get(name);
    if (!st?.neuron) throw new Error(`oracle: no neuron population ${name}`);
    return st.neuron.state;
  }

  /** Advances one step; returns each population's sorted spikes per instance. */
  advance(): Record<string, number[][]> {
    const t = this.step;
    const spikes: Record<string, number[][]> = {};
    for (const st of this.pops.values()) {
      if (st.replay) {
        st.replay.step = t;
        spikes[st.name] = st.replay.next();
        continue;
      }
      if (st.poisson) {
        st.poisson.step = t;
        spikes[st.name] = st.poisson.next();
        continue;
      }
      const words = st.size * this.opts.batch;
      const slot = (t % st.slots) * words;
      spikes[st.name] = st.neuron!.step(st.exc.subarray(slot, slot + words), st.inh.subarray(slot, slot + words));
      st.exc.fill(0, slot, slot + words);
      st.inh.fill(0, slot, slot + words);
    }
    this.network.projections.forEach((p, i) => {
      const post = this.pops.get(p.post)!;
      const ring = p.target === 'exc' ? post.exc : post.inh;
      const proc = this.procedural[i];
      const plastic = this.plastic[i];
      const source = plastic?.modulator?.spec.population;
      if (plastic) this.wraps += plastic.step(t, spikes[p.pre]!, spikes[p.post]!, ring, post.slots, post.size * this.opts.batch, source ? spikes[source]! : null);
      else if (proc) this.synops += proceduralOracle(proc, this.opts.seed, spikes[p.pre]!, ring, t, post.slots, post.size * this.opts.batch);
      else this.wraps += propagateOracle(this.rows[i]!, spikes[p.pre]!, ring, t, post.slots, post.size * this.opts.batch);
    });
    this.step++;
    return spikes;
  }
}
