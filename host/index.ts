/**
 * `spikegpu`: the user API (device, Population, Simulator, model types and builders, learning rules,
 * Trainer, datasets, analysis, errors). Browser-safe: nothing here imports a Node module; in Node,
 * acquireDevice loads the optional `webgpu` package at run time. Node-only helpers (the CLI, file
 * output) are in `spikegpu/node`; kernel-author internals (buffer pool, pipeline cache, struct
 * packing, kernel registry, Philox) in `spikegpu/gpu`.
 * Units: time in ms, voltage in mV, current in nA, resistance in MOhm, rates in Hz.
 */
export { acquireDevice, type AcquireOptions, type NodeBackend } from './device.js';
export { GpuContext, type AdapterDescription, type ErrorListener } from './gpu/context.js';
export {
  SpikeGpuError, InvalidParameterError, WebGpuUnavailableError, DeviceLostError, GpuValidationError,
  GpuOutOfMemoryError, ShaderCompilationError, LimitExceededError, DestroyedError, FixedPointOverflowError, NonFiniteStateError,
  type SpikeGpuErrorCode, type ShaderMessage,
} from './errors.js';
export {
  defineNeuronModel, isNeuronModel, verifyNeuronModel, ulpDistance, EquationOracle, EquationError, INTEGRATION_METHODS, UNITS, FUNCTIONS, EQUATION_LIBRARY,
  defineSynapseRule, isSynapseEquationRule, EQUATION_RULES,
  type SynapseEquationRule, type SynapseRuleSpec, type CompiledSynapseRule, type EquationRuleName,
  type NeuronModel, type NeuronModelSpec, type EquationParams, type CompiledNeuronModel, type VerifyOptions, type VerifyReport, type IntegrationMethod, type EquationLibraryName,
} from './equations/index.js';
export { Population, createPopulation, type PopulationOptions, type EquationPopulationOptions, type PopulationBuffers, type ModelName, type StepHooks, type StepSpikes } from './sim/population.js';
export { SpikeRecording, MAX_RECORDING_BYTES } from './sim/recording.js';
export { SpikeRaster, type SpikeRasterOptions, type RasterColor } from './sim/spike-raster.js';
export { StateMap, type StateMapOptions } from './sim/state-map.js';
export type { ProbeRequest, ProbeRecording, RateRecording } from './sim/recorders.js';
export { type LifParams, type ResetMode, LIF_DEFAULTS } from './kernels/lif.js';
export { type AlifParams } from './kernels/alif.js';
export { type LifCondParams } from './kernels/lifCond.js';
export { type IafParams } from './kernels/iaf.js';
export { type IzhikevichParams, IZHIKEVICH_PRESETS } from './kernels/izhikevich.js';
export { type PoissonParams } from './kernels/poisson.js';
export { type SpikeArrayParams } from './kernels/spikeArray.js';
export { NAME_PATTERN, F32_MAX, MAX_STEPS_PER_CALL, MAX_TOTAL_STEPS } from './validate.js';
export { Simulator, type ProjectionWeights, type SimulatorOptions, type RunOptions, type RunResult, type Progress, type BuildProgress, type SimulatorCounters } from './sim/simulator.js';
export { planNetwork, estimateMemory, storageOf, type NetworkPlan, type ProjectionPlan, type PlanLimits, type PlanOptions, type BufferEstimate } from './sim/plan.js';
export type { NetworkModel, PopulationModel, ProjectionModel, Connectivity, Initializer } from './model/network.js';
export { connect, connectAsync, type RaggedRows } from './random/rows.js';
export { validateNetwork } from './model/validate-network.js';
export { validateNetworkSchema, NETWORK_SCHEMA } from './model/schema.js';
export { encodeNpy, type NpyArray } from './io/npy.js';
export {
  potjansDiesmann, pscForPsp, MICROCIRCUIT_POPULATIONS, MICROCIRCUIT_SIZES, MICROCIRCUIT_CONN_PROBS, MICROCIRCUIT_K_EXT, MICROCIRCUIT_REFERENCE_RATES, MICROCIRCUIT_REFERENCE_CV, MICROCIRCUIT_BOS2016_RATES,
  type MicrocircuitOptions, type MicrocircuitPopulation,
} from './model/microcircuit.js';
export { cuba, coba, brunel, izhikevich2003, izhikevich2007, song2000, type CubaOptions, type CobaOptions, type BrunelOptions, type Izhikevich2003Options, type Izhikevich2007Options, type Song2000Options } from './model/examples.js';
export { RULES, ruleNamed } from './learn/rules/index.js';
export { AssociativeMemory, associativeMemory, randomSparsePatterns, willshawTheory, type AssociativeMemoryOptions, type Pattern, type RecallOptions, type Recalled } from './learn/associative-memory.js';
export { HebbianPca, hebbianPca, type HebbianPcaOptions, type HebbianFitOptions, type HebbianRule, type HebbianSchedule } from './learn/hebbian-pca.js';
export type { SynapseRule, RuleInstance, TraceSpec, SynapseVarSpec } from './learn/rule.js';
export type { PlasticSynapse, SynapseModel, EquationSynapse } from './learn/plasticity.js';
export type { StdpParams, StdpDependence } from './learn/rules/stdp.js';
export { TRIPLET_PRESETS, type TripletParams, type TripletSet } from './learn/rules/triplet.js';
export type { RstdpParams } from './learn/rules/rstdp.js';
export type { MstdpetParams } from './learn/rules/mstdpet.js';
export type { MstdpParams } from './learn/rules/mstdp.js';
export { STP_PRESETS, type TsodyksMarkramParams } from './learn/rules/tsodyksMarkram.js';
export type { ModulatorSpec, ModulatorEvent } from './learn/modulator.js';
export { trainStats, isiCv, fanoFactor, synchrony, firingRates, spikeTimes, type TrainStats } from './analysis/stats.js';
export { estimateEnergy, ENERGY_PRESETS, type EnergyPerOperation, type EnergyEstimate, type EnergyPreset, type EnergyPresetName } from './analysis/energy.js';
export { Trainer, type FitOptions, type EpochStats } from './train/trainer.js';
export type { Dataset } from './train/dataset.js';
export type { TrainerOptions } from './train/options.js';
export type { ConsolidationOptions } from './kernels/consolidation.js';
export { permuteFeatures } from './train/dataset.js';
export type { TrainNetworkSpec, TrainLayerSpec, TrainReadoutSpec, RecurrenceSpec } from './train/network.js';
export type { TrainLifParams, Surrogate, SurrogateKind } from './kernels/lifTrain.js';
export type { OptimizerOptions, OptimizerKind } from './kernels/optimizer.js';
export { yinYang, yinYangClass } from './train/yinyang.js';
export { YIN_YANG_RECIPE, randmanRecipe, type Recipe } from './train/recipes.js';
export { encodeWeights, decodeWeights, type WeightsFile } from './train/weights-file.js';
export { NonFiniteGradientError, TrainingDivergedError, NonFiniteWeightError, LearningDivergedError, FileFormatError, MissingDependencyError, ERROR_NAMES } from './errors.js';
export { randman, splitDataset, type RandmanOptions } from './train/randman.js';
export { decodeNpy, type NpyRead } from './io/npy-read.js';
export { encodeNpz } from './io/npz.js';
export { pynnScript, type PynnExportOptions, type PynnExport } from './pynn/export.js';
