/**
 * The registry of population models: every model a population can have, whether it is a neuron
 * (a NeuronKernel with state) or a spike source, its parameter type, and the check of its
 * parameters. The model types (PopulationOptions, PopulationModel), the validation of populations and
 * network files, and the memory estimate all read it; a unit test checks the JSON schema's model list
 * against it. A new model is added here (and to the schema).
 */
import { alifKernel, type AlifParams } from './alif.js';
import { iafKernel, type IafParams } from './iaf.js';
import { izhikevichKernel, type IzhikevichParams } from './izhikevich.js';
import { lifKernel, type LifParams } from './lif.js';
import { lifCondKernel, type LifCondParams } from './lifCond.js';
import { resolveNeuronParams, type NeuronKernel } from './neuron-kernel.js';
import { neuronModelOf, type NeuronModel, type NeuronModelSpec } from '../equations/neuron-model.js';
import { checkPoissonRates, type PoissonParams } from './poisson.js';
import { resolveSpikeArray, type SpikeArrayParams } from './spikeArray.js';

/** Each model's parameters. */
export interface ModelParams {
  lif: LifParams;
  alif: AlifParams;
  izhikevich: IzhikevichParams;
  lifCond: LifCondParams;
  iaf: IafParams;
  poisson: PoissonParams;
  spikeArray: SpikeArrayParams;
}

export type ModelName = keyof ModelParams;

/** Models whose `params` must be given (they have no default for something essential). */
export type ParamsRequiredModel = 'alif' | 'poisson' | 'spikeArray';

/** The `params` field of model M: required or optional as the model needs. */
export type ParamsOf<M extends ModelName> = M extends ParamsRequiredModel ? { params: ModelParams[M] } : { params?: ModelParams[M] };

/** One entry per model, discriminated by `model`, each with its own `params` type, plus the fields `F`. */
export type ModelUnion<F> = { [M in ModelName]: F & { model: M } & ParamsOf<M> }[ModelName];

interface ModelEntry<M extends ModelName> {
  /** 'neuron': a NeuronKernel with per-neuron state and input accumulators; 'source': emits spikes only. */
  kind: 'neuron' | 'source';
  kernel: NeuronKernel<unknown> | undefined;
  paramsRequired: M extends ParamsRequiredModel ? true : false;
  /** Checks `params` (typed errors naming `object` and the field); throws when they are not allowed. */
  check(object: string, params: unknown, size: number, dt: number): void;
}

const neuron = <M extends ModelName>(kernel: NeuronKernel<unknown>, paramsRequired: ModelEntry<M>['paramsRequired']): ModelEntry<M> => ({
  kind: 'neuron', kernel, paramsRequired, check: (object, params, size, dt) => { resolveNeuronParams(kernel, object, params, size, dt); },
});

export const MODELS: { readonly [M in ModelName]: ModelEntry<M> } = {
  lif: neuron(lifKernel as NeuronKernel<unknown>, false),
  alif: neuron(alifKernel as NeuronKernel<unknown>, true),
  izhikevich: neuron(izhikevichKernel as NeuronKernel<unknown>, false),
  lifCond: neuron(lifCondKernel as NeuronKernel<unknown>, false),
  iaf: neuron(iafKernel as NeuronKernel<unknown>, false),
  poisson: { kind: 'source', kernel: undefined, paramsRequired: true, check: (object, params, size, dt) => { checkPoissonRates(object, params as PoissonParams, size, dt); } },
  spikeArray: { kind: 'source', kernel: undefined, paramsRequired: true, check: (object, params, size, dt) => { resolveSpikeArray(object, params, size, dt); } },
};

/** Every model name, in the registry's order. */
export const MODEL_NAMES = Object.keys(MODELS) as readonly ModelName[];

/**
 * Bytes of per-neuron state (one instance) of a built-in model, or of a model written as equations
 * (compiled or a spec object); 0 for spike sources, which keep none (so > 0 exactly for neuron models).
 */
export function modelStateBytes(model: ModelName | NeuronModel | NeuronModelSpec): number {
  const custom = neuronModelOf(model);
  return custom ? custom.kernel.stateLayout.stride : MODELS[model as ModelName].kernel?.stateLayout.stride ?? 0;
}
