/**
 * The network description: plain data (JSON-serialisable), validated before anything is allocated.
 * Units: ms, mV, nA (weights are in the post model's input unit: nA for lif/alif, the paper's
 * current for izhikevich), rates in Hz.
 */
import type { ModelUnion } from '../kernels/models.js';
import type { Connectivity, Initializer, RowSpec } from '../random/rows.js';
import type { SynapseModel } from '../learn/plasticity.js';
import type { EquationParams, NeuronModel, NeuronModelSpec } from '../equations/neuron-model.js';

export type { Connectivity, Initializer } from '../random/rows.js';

/**
 * A population: its name, size and, per model (host/kernels/models.ts), `model` and its `params`; or
 * a model written as equations (docs/models.md): `model` a spec object (as in a network file) or a
 * compiled NeuronModel, `params` its parameters and start values.
 */
export type PopulationModel = ModelUnion<{ name: string; size: number }> | { name: string; size: number; model: NeuronModelSpec | NeuronModel; params?: EquationParams };

export interface ProjectionModel extends RowSpec {
  name: string;
  pre: string;
  post: string;
  /** Which input accumulator of the post population receives the weights (for lifCond: which conductance, weights in uS, >= 0). */
  target: 'exc' | 'inh';
  connectivity: Connectivity;
  /** Synaptic weight (post model's input unit). Ignored for explicit connectivity that gives weights. */
  weight: Initializer;
  /** Axonal delay (ms), a multiple of dt, >= dt. Default: dt (the next step). For 'uniform', integer steps in [low, high]. */
  delayMs?: Initializer;
  /**
   * How synapses are stored and delivered: 'sparse' (ragged rows, event-driven scatter), 'dense'
   * (all-to-all gather: one thread per post neuron; allToAll with one delay only) or 'auto'
   * (default: dense for allToAll projections with one delay, else sparse), or 'procedural'
   * (fixedProbability/allToAll, constant or uniform weights, one delay: synapses regenerated from
   * Philox at every spike and stored nowhere; 'auto' also picks it when stored rows would not fit).
   */
  storage?: 'auto' | 'sparse' | 'dense' | 'procedural';
  /**
   * 'static' (default: fixed weights) or a learning rule, e.g. `{ rule: 'stdp', wMax: 0.01, ... }`
   * (docs/plasticity.md): f32 weights per synapse and instance, kept in [wMin, wMax]; sparse or dense
   * storage, one axonal delay for the projection, and `dendriticDelayMs` for the post spikes.
   */
  synapse?: SynapseModel;
}

export interface NetworkModel {
  populations: PopulationModel[];
  projections: ProjectionModel[];
}
