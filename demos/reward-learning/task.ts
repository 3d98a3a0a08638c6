/**
 * The reward-learning task of the demo, written against the public API only (so the demo page and a
 * Node script can both run it): two groups of Poisson inputs, two output LIF neurons ("left",
 * "right") with mutual inhibition, plastic input synapses under reward-modulated STDP (rstdp,
 * Izhikevich 2007: eligibility traces gated by a neuromodulator). Each trial shows pattern A (group 0
 * active) or B (group 1 active) for `stimulusMs`; the output that fires more is the action; A -> left
 * and B -> right earn reward +1, the other action -1 (no spike: 0). The modulator M is the reward
 * minus the reward expected for that pattern (a running mean: a reward prediction error, as in
 * Frémaux & Gerstner's TD-STDP family), set after the stimulus and decaying with tau 100 ms during a
 * quiet interval, while the eligibility of the synapses that just caused the action is still high;
 * once the task is learned M falls to zero and the weights stop drifting.
 */
import { Simulator, type GpuContext, type NetworkModel } from '../../host/index';

export const GROUP = 40;
export const DT = 0.5;

export interface TaskSettings {
  /** Learning rate eta of rstdp (per ms). */
  eta: number;
  /** Active and background input rates (Hz). */
  activeHz: number;
  quietHz: number;
  stimulusMs: number;
  rewardMs: number;
  seed: number;
}

export const TASK_DEFAULTS: TaskSettings = { eta: 0.015, activeHz: 40, quietHz: 2, stimulusMs: 100, rewardMs: 100, seed: 1 };

export function taskModel(s: TaskSettings): NetworkModel {
  return {
    populations: [
      { name: 'input', model: 'poisson', size: 2 * GROUP, params: { rates: s.quietHz } },
      { name: 'out', model: 'lif', size: 2, params: { tauMem: 20, vRest: -70, vThreshold: -54, vReset: -70, refractoryMs: 2, tauSynExc: 5, tauSynInh: 5, poissonRateHz: 500, poissonWeight: 1.5 } },
    ],
    projections: [
      {
        name: 'input->out', pre: 'input', post: 'out', target: 'exc', connectivity: { rule: 'allToAll' }, storage: 'sparse',
        weight: { dist: 'uniform', low: 2, high: 3 },
        synapse: { rule: 'rstdp', pairing: 'nearest', tauPlus: 20, tauMinus: 20, aPlus: 0.1, aMinus: 0.05, tauC: 300, eta: s.eta, wMin: 0, wMax: 4, modulator: { tauMs: 100 } },
      },
      { name: 'out->out', pre: 'out', post: 'out', target: 'inh', connectivity: { rule: 'allToAll', autapses: false }, weight: -40, delayMs: 1 },
    ],
  };
}

export interface Trial {
  pattern: 0 | 1;
  spikes: [number, number];
  /** 0 left, 1 right, -1 none. */
  action: number;
  reward: number;
  /** Mean eligibility c per (input group, output) at the decision, before the modulator: [group][output]. */
  eligibility: number[][];
  /** The modulator given: reward minus the expected reward of that pattern (a reward prediction error). */
  modulator: number;
}

export class RewardTask {
  trials: Trial[] = [];
  /** Expected reward per pattern: running mean of its rewards (rate 0.2). */
  expected = [0, 0];
  private constructor(readonly sim: Simulator, readonly s: TaskSettings, private rand: () => number) {}

  static async create(gpu: GpuContext, s: TaskSettings): Promise<RewardTask> {
    const sim = await Simulator.build(gpu, taskModel(s), { dt: DT, seed: s.seed });
    let x = (s.seed * 2654435761) >>> 0 || 1;
    const rand = (): number => {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      return x / 2 ** 32;
    };
    return new RewardTask(sim, s, rand);
  }

  private rates(pattern: number | null): number[] {
    return Array.from({ length: 2 * GROUP }, (_, i) => (pattern !== null && Math.floor(i / GROUP) === pattern ? this.s.activeHz : this.s.quietHz));
  }

  /** One trial: stimulus, decision, reward through the modulator, quiet interval. */
  async trial(): Promise<Trial> {
    const pattern = (this.rand() < 0.5 ? 0 : 1) as 0 | 1;
    const sim = this.sim;
    sim.population('input').setParams({ rates: this.rates(pattern) });
    const { spikes } = await sim.run({ durationMs: this.s.stimulusMs, record: ['out'] });
    const counts = spikes.out!.countsPerNeuron();
    const c: [number, number] = [counts[0]!, counts[1]!];
    const eligibility = await this.means('c');
    const action = c[0] === c[1] ? (c[0] === 0 ? -1 : this.rand() < 0.5 ? 0 : 1) : c[0] > c[1] ? 0 : 1;
    const reward = action < 0 ? 0 : action === pattern ? 1 : -1;
    const modulator = reward - this.expected[pattern]!;
    this.expected[pattern]! += 0.2 * (reward - this.expected[pattern]!);
    sim.setModulator('input->out', modulator);
    sim.population('input').setParams({ rates: this.rates(null) });
    await sim.run({ durationMs: this.s.rewardMs });
    const t: Trial = { pattern, spikes: c, action, reward, eligibility, modulator };
    this.trials.push(t);
    return t;
  }

  /** Mean weight (and eligibility, when asked) per (input group, output): [group][output]. */
  async means(variable?: 'c'): Promise<number[][]> {
    const { pre, post, weights } = await this.sim.weights('input->out');
    const values = variable ? await this.sim.synapseVariable('input->out', variable) : weights;
    const sum = [[0, 0], [0, 0]];
    const n = [[0, 0], [0, 0]];
    for (let k = 0; k < pre.length; k++) {
      const g = Math.floor(pre[k]! / GROUP);
      sum[g]![post[k]!]! += values[k]!;
      n[g]![post[k]!]!++;
    }
    return sum.map((row, g) => row.map((v, o) => v / Math.max(1, n[g]![o]!)));
  }

  /** Fraction of the last `window` trials that were rewarded. */
  accuracy(window = 20): number {
    const last = this.trials.slice(-window);
    return last.length ? last.filter((t) => t.reward > 0).length / last.length : 0;
  }

  destroy(): void {
    this.sim.destroy();
  }
}
