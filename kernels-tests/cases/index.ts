/**
 * Every GPU case the specs can run, by name. The same functions run in headless Chromium (through
 * the harness page) and in Node (Dawn); each takes a GpuContext and JSON args and returns JSON.
 */
import type { GpuContext } from '../../host/gpu/context';
import { neuronVsOracle } from './neuron-vs-oracle';
import { equationRun, equationVerify, equationVsBuiltin } from './equations';
import { equationRuleVsHandWritten } from './equation-rules';
import { lifDecay, lifIsi } from './lif-analytic';
import { izhikevichPatterns } from './izhikevich-patterns';
import { poissonVsOracle } from './poisson';
import { normalF32VsOracle, rngVsOracle } from './rng';
import { badInputErrors, badNetworkErrors } from './errors';
import { runtimeErrors } from './errors-runs';
import { plasticErrors } from './errors-plastic';
import { modulatorErrors } from './errors-modulator';
import { adapterInfo } from './adapter';
import { classicNetwork } from './classic';
import { microcircuitPsp, microcircuitRates } from './microcircuit';
import { injectionAttempts } from './injection';
import { plasticVsOracle, stdpWindow } from './plastic';
import { pairingProtocols } from './pairing';
import { threeFactorVsOracle } from './three-factor';
import { stpTrains } from './stp';
import { gpuTiming, hostSyncs, runProfile } from './timing';
import { spikeArrayNetwork, spikeArrayVsOracle } from './spike-array';
import { connectVsOracle } from './connect';
import { gpuLayer } from './gpu-layer';
import { fusedModeChoice, fusedVsPerStep } from './fused';
import { groupVsSolo } from './neuron-group';
import { accumulationGradients, checkpointGradients, lifTrainVsOracle, recTrainVsOracle, recurrentTraining, matmulVsOracle, optimizerVsOracle, readoutLossVsOracle, mseTraining, randmanTraining, trainerBadInput, trainerBatchForTorch, trainerGradients, trainerProfile, yinYangTraining } from './train';
import { hebbianBadInput, hebbianConvergence, hebbianVsOracle } from './hebbian';
import { consolidationBadInput, consolidationInTrainer, consolidationVsOracle, continualLearning } from './consolidation';
import { structuralBadInput, structuralVsOracle } from './structural';
import { plasticConsolidationBadInput, plasticConsolidationVsOracle, plasticRetention } from './plastic-consolidation';
import { willshawBadInput, willshawOneShot, willshawVsOracle } from './willshaw';
import { rasterBadInput, rasterVsOracle } from './raster';
import { stateMapBadInput, stateMapVsOracle } from './state-map';
import { nirNetworkEquality, nirSnntorchRun, nirTrainerRoundTrip } from './nir';
import { connectivityStrategies, denseVsSparse, networkVsOracle, proceduralVsOracle, nonFiniteDetection, propagateOverflow, recordersVsOracle, simulatorRunApi } from './network';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- args and results are JSON crossing page.evaluate
export type GpuCase = (ctx: GpuContext, args: any) => Promise<unknown>;

export const CASES: Record<string, GpuCase> = {
  equationVsBuiltin,
  equationVerify,
  equationRun,
  rasterVsOracle,
  rasterBadInput,
  stateMapVsOracle,
  stateMapBadInput,
  nirNetworkEquality,
  nirSnntorchRun,
  nirTrainerRoundTrip,
  hebbianVsOracle,
  hebbianConvergence,
  hebbianBadInput,
  willshawVsOracle,
  willshawOneShot,
  willshawBadInput,
  structuralVsOracle,
  structuralBadInput,
  plasticConsolidationVsOracle,
  plasticRetention,
  plasticConsolidationBadInput,
  consolidationVsOracle,
  consolidationInTrainer,
  consolidationBadInput,
  continualLearning,
  microcircuitRates,
  microcircuitPsp,
  matmulVsOracle,
  lifTrainVsOracle,
  recTrainVsOracle,
  accumulationGradients,
  checkpointGradients,
  recurrentTraining,
  readoutLossVsOracle,
  optimizerVsOracle,
  trainerGradients,
  trainerBatchForTorch,
  trainerBadInput,
  trainerProfile,
  randmanTraining,
  mseTraining,
  yinYangTraining,
  fusedVsPerStep,
  groupVsSolo,
  fusedModeChoice,
  neuronVsOracle,
  lifDecay,
  lifIsi,
  izhikevichPatterns,
  poissonVsOracle,
  rngVsOracle,
  normalF32VsOracle,
  badInputErrors,
  badNetworkErrors,
  runtimeErrors,
  plasticErrors,
  modulatorErrors,
  adapterInfo,
  classicNetwork,
  injectionAttempts,
  plasticVsOracle,
  equationRuleVsHandWritten,
  stdpWindow,
  pairingProtocols,
  threeFactorVsOracle,
  stpTrains,
  gpuTiming,
  hostSyncs,
  runProfile,
  spikeArrayVsOracle,
  spikeArrayNetwork,
  connectVsOracle,
  gpuLayer,
  networkVsOracle,
  propagateOverflow,
  simulatorRunApi,
  nonFiniteDetection,
  recordersVsOracle,
  connectivityStrategies,
  denseVsSparse,
  proceduralVsOracle,
};
