/**
 * The trained Yin-Yang network run as a true event-driven simulation: the Trainer's weights go out as
 * a NIR graph (trainerToNir, in memory) and come back as a Simulator network (nirToNetwork, with the
 * Trainer's 'zoh' discretisation: a spike is an input held for one step). The Trainer feeds each
 * feature x_j as a constant current; here input neuron j spikes at every step through the first
 * layer's weights scaled by x_j, which is the same current. The layers' biases, which NIR's Affine
 * would apply from the first step at their steady state, become inputs too (a neuron spiking every
 * step through the bias as weights), so they rise through the synapses as in the Trainer. Spikes
 * between populations add a step of latency: Trainer step t is the readout's step t + 1. Measured in
 * Node (Dawn, 8 test points after one epoch): the readout traces agree with the Trainer's within
 * 0.004 (traces of magnitude ~30; weights are the simulator's 2^-16 fixed point) and every class. The class is the readout with the
 * largest membrane potential over time (the Trainer's maxOverTime).
 */
import { decodeWeights, Simulator, SpikeRaster, type GpuContext, type Trainer } from '../../host/index';
import { nirNode, nirToNetwork, tensor, trainerToNir, type NirNode, type NirTensor } from '../../host/nir/index';

export interface EventDrivenRun {
  sim: Simulator;
  raster: SpikeRaster;
  /** Readout potentials [Trainer step][class] (the LI readout's v, probed every step, the step of latency removed). */
  readout: number[][];
  predicted: number;
  hiddenSpikes: number;
  synOps: number;
}

/** Moves an Affine node's bias into a new Input -> Linear path (its bias as the weights of one input); returns the Input's name. */
function biasAsInput(graph: ReturnType<typeof trainerToNir>['graph'], affine: string, target: string): string {
  const fc = graph.nodes.get(affine) as NirNode;
  const bias = fc.params.get('bias') as NirTensor;
  const n = bias.data.length;
  fc.params.set('bias', { ...bias, data: new Float64Array(n) });
  const input = `${target}.biasInput`;
  graph.nodes.set(input, nirNode('Input', { shape: tensor([1], [1], 'int64') }));
  graph.nodes.set(`${target}.biasWeights`, nirNode('Linear', { weight: tensor(bias.data, [n, 1]) }));
  graph.edges.push([input, `${target}.biasWeights`], [`${target}.biasWeights`, target]);
  return input;
}

/** Builds and runs sample `features` (one Yin-Yang point's 4 inputs) event-driven; the caller destroys sim and raster. */
export async function runEventDriven(gpu: GpuContext, trainer: Trainer, features: ArrayLike<number>): Promise<EventDrivenRun> {
  const saved = decodeWeights(await trainer.save());
  const { graph } = trainerToNir(saved);
  const fc = graph.nodes.get('hidden0.fc') as NirNode;
  const weight = fc.params.get('weight') as NirTensor;
  const [hidden, inputs] = weight.shape as [number, number];
  const scaled = new Float64Array(weight.data);
  for (let h = 0; h < hidden; h++) for (let f = 0; f < inputs; f++) scaled[h * inputs + f]! *= features[f]!;
  fc.params.set('weight', { ...weight, data: scaled });
  const hiddenBias = biasAsInput(graph, 'hidden0.fc', 'hidden0');
  const readoutBias = biasAsInput(graph, 'readout.fc', 'readout');
  const dt = saved.trainer.dt;
  const steps = saved.trainer.steps;
  const every = (from: number, n: number) => ({ times: Array.from({ length: steps * n }, (_, k) => (from + Math.floor(k / n)) * dt), indices: Array.from({ length: steps * n }, (_, k) => k % n) });
  const net = nirToNetwork(graph, { dt, inputs: { input: every(0, inputs), [hiddenBias]: every(0, 1), [readoutBias]: every(0, 1) } }, 'trained Yin-Yang network');
  const readoutPop = net.outputs[0]!.population;
  const inputPop = net.inputs.find((i) => i.node === 'input')!.population;
  const hiddenPop = net.populations.get('hidden0')!;
  const sim = await Simulator.build(gpu, net.network, { dt });
  const raster = SpikeRaster.create(sim, {
    populations: [{ name: inputPop, color: '#cccccc' }, { name: hiddenPop, color: '#66ccff' }],
    windowMs: (steps + 1) * dt,
  });
  const r = await sim.run({ steps: steps + 1, rasters: [raster], probes: [{ population: readoutPop, variable: 'v', neurons: [0, 1, 2] }] });
  const v = r.probes[`${readoutPop}.v`]!.values;
  const readout = Array.from({ length: steps }, (_, t) => [v[3 * (t + 1)]!, v[3 * (t + 1) + 1]!, v[3 * (t + 1) + 2]!]);
  const maxOf = [0, 1, 2].map((c) => Math.max(...readout.map((row) => row[c]!)));
  const c = await sim.readCounters();
  return {
    sim, raster, readout, predicted: maxOf.indexOf(Math.max(...maxOf)),
    hiddenSpikes: c.populations[hiddenPop]!.spikes, synOps: Object.values(c.projections).reduce((a, p) => a + p.synops, 0),
  };
}
