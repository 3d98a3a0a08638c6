/** spikegpu public API. Units: time in ms, voltage in mV, current in nA, resistance in MOhm, rates in Hz. */
export { acquireDevice, type AcquireOptions, type NodeBackend } from './device';
export { GpuContext, type AdapterDescription, type ErrorListener } from './gpu/context';
export {
  SpikeGpuError, InvalidParameterError, WebGpuUnavailableError, DeviceLostError, GpuValidationError,
  GpuOutOfMemoryError, ShaderCompilationError, LimitExceededError, DestroyedError, FixedPointOverflowError, NonFiniteStateError,
  type SpikeGpuErrorCode, type ShaderMessage,
} from './errors';
export { defineStruct, packStruct, packOne, packArray, unpackField, uniformBufferSize, type StructLayout, type FieldType, type StructValues } from './gpu/layout';
export { BufferPool, type BufferRequest } from './gpu/buffers';
export { PipelineCache, cacheKey, type CompiledKernel, type PipelineRequest, type BindingSpec } from './gpu/pipelines';
export { withErrorScopes, compileShader } from './gpu/scopes';
export { Population, createPopulation, type PopulationOptions, type PopulationBuffers, type ModelName, type StepHooks, type StepSpikes } from './sim/population';
export { SpikeRecording, MAX_RECORDING_BYTES } from './sim/recording';
export type { ProbeRequest, ProbeRecording, RateRecording } from './sim/recorders';
export { type LifParams, type ResetMode, LIF_DEFAULTS } from './kernels/lif';
export { type AlifParams } from './kernels/alif';
export { type LifCondParams } from './kernels/lifCond';
export { type IzhikevichParams, IZHIKEVICH_PRESETS } from './kernels/izhikevich';
export { type PoissonParams } from './kernels/poisson';
export { type SpikeArrayParams } from './kernels/spikeArray';
export { generateRandomWords, type RandomWordsRequest } from './kernels/rng';
export { KERNELS, kernelFiles, type KernelEntry } from './kernels/index';
export { philox4x32, randomWords, uniform01, seedWords } from './random/philox';
export { DEFAULT_INPUT_FRACTION_BITS } from './kernels/neuron-kernel';
export { NAME_PATTERN, F32_MAX, MAX_STEPS_PER_CALL, MAX_TOTAL_STEPS } from './validate';
export { Simulator, type ProjectionWeights, type SimulatorOptions, type RunOptions, type RunResult, type Progress, type BuildProgress, type SimulatorCounters } from './sim/simulator';
export { planNetwork, estimateMemory, storageOf, type NetworkPlan, type ProjectionPlan, type PlanLimits, type PlanOptions, type BufferEstimate } from './sim/plan';
export type { NetworkModel, PopulationModel, ProjectionModel, Connectivity, Initializer } from './model/network';
export { connect, connectAsync, randomBelow, delaySteps, type RaggedRows } from './random/rows';
export { validateNetwork } from './model/validate-network';
export {
  potjansDiesmann, pscForPsp, MICROCIRCUIT_POPULATIONS, MICROCIRCUIT_SIZES, MICROCIRCUIT_CONN_PROBS, MICROCIRCUIT_K_EXT, MICROCIRCUIT_REFERENCE_RATES, MICROCIRCUIT_REFERENCE_CV, MICROCIRCUIT_BOS2016_RATES,
  type MicrocircuitOptions, type MicrocircuitPopulation,
} from './model/microcircuit';
export { cuba, coba, brunel, izhikevich2003, izhikevich2007, song2000, type CubaOptions, type CobaOptions, type BrunelOptions, type Izhikevich2003Options, type Izhikevich2007Options, type Song2000Options } from './model/examples';
export { RULES, ruleNamed } from './learn/rules/index';
export type { SynapseRule, RuleInstance, TraceSpec, SynapseVarSpec } from './learn/rule';
export type { PlasticSynapse, SynapseModel } from './learn/plasticity';
export type { StdpParams, StdpDependence } from './learn/rules/stdp';
export { TRIPLET_PRESETS, type TripletParams, type TripletSet } from './learn/rules/triplet';
export type { RstdpParams } from './learn/rules/rstdp';
export type { MstdpetParams } from './learn/rules/mstdpet';
export type { MstdpParams } from './learn/rules/mstdp';
export { STP_PRESETS, type TsodyksMarkramParams } from './learn/rules/tsodyksMarkram';
export type { ModulatorSpec, ModulatorEvent } from './learn/modulator';
export { trainStats, isiCv, fanoFactor, synchrony, firingRates, spikeTimes, type TrainStats } from './analysis/stats';
export { estimateEnergy, ENERGY_PRESETS, type EnergyPerOperation, type EnergyEstimate, type EnergyPreset, type EnergyPresetName } from './analysis/energy';
export { Trainer, type Dataset, type TrainerOptions, type FitOptions, type EpochStats } from './train/trainer';
export type { TrainNetworkSpec, TrainLayerSpec, TrainReadoutSpec, RecurrenceSpec } from './train/network';
export type { TrainLifParams, Surrogate, SurrogateKind } from './kernels/lifTrain';
export type { OptimizerOptions, OptimizerKind } from './kernels/optimizer';
export { yinYang, yinYangClass } from './train/yinyang';
export { YIN_YANG_RECIPE, randmanRecipe, type Recipe } from './train/recipes';
export { encodeWeights, decodeWeights, type WeightsFile } from './train/weights-file';
export { NonFiniteGradientError, TrainingDivergedError, NonFiniteWeightError } from './errors';
export { randman, splitDataset, type RandmanOptions } from './train/randman';
