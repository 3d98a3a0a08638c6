/**
 * Synapse rules written as equations (host/equations/synapse-rule.ts) on the GPU:
 *  - equationRuleVsHandWritten: the same network twice, once with a shipped rule ({ rule: 'stdp' },
 *    { rule: 'rstdp' }) and once with its equation file (host/equations/library/rules.ts): every
 *    step's spikes, the final weights and the rule's variable must be identical, bit for bit;
 *  - the equation rule against its generated oracle twin runs through plasticVsOracle and
 *    threeFactorVsOracle (cases/plastic.ts, cases/three-factor.ts) with the equation synapse.
 */
import type { GpuContext } from '../../host/gpu/context';
import { resolveSynapse, type SynapseModel } from '../../host/learn/plasticity';
import type { NetworkModel } from '../../host/model/network';
import { Simulator } from '../../host/sim/simulator';
import { plasticNetwork, type PlasticCaseArgs } from './plastic';
import { threeFactorNetwork } from './three-factor';

export interface EquationRuleArgs {
  /** The plastic network of plastic.spec.ts ('plastic') or the three-factor network of rstdp.spec.ts ('threeFactor'). */
  network: 'plastic' | 'threeFactor';
  seed: number;
  steps: number;
  batch: number;
  storage: 'sparse' | 'dense';
  delayMs?: number;
  dendriticDelayMs?: number;
  /** Both synapse objects, without wMin / wMax (set per projection by the network). */
  handWritten: SynapseModel;
  equations: SynapseModel;
  /** A per-synapse variable to compare ('c'). */
  variable?: string;
  /** Input fraction bits 0: plastic weights (< 0.5) deliver 0 and both plastic projections have wMax 0.49 (plastic.ts). */
  small?: boolean;
}

export interface EquationRuleResult {
  spikes: Record<string, number>;
  /** Steps (x instances x populations) whose spikes differ between the two runs. */
  mismatchedSteps: number;
  firstMismatch: string;
  /** Per plastic projection: synapses, weights that differ (bits), weights that moved, the variable's differing values. */
  projections: Record<string, { synapses: number; differentWeights: number; changed: number; differentVariable: number }>;
  /** The rule of each plastic projection in both networks (as resolved). */
  rules: string[];
}

function rulesOf(n: NetworkModel, projection: string): string {
  const p = n.projections.find((q) => q.name === projection)!;
  return resolveSynapse('case', 'synapse', p.synapse, 0.5)?.rule.rule ?? 'static';
}

function networkOf(a: EquationRuleArgs, synapse: SynapseModel): NetworkModel {
  const base = { seed: a.seed, steps: a.steps, batch: a.batch, sizes: [37, 45, 13] as [number, number, number], storage: a.storage, dependence: 'additive' as const,
    pairing: 'allToAll' as const, delayMs: a.delayMs ?? 0.5, dendriticDelayMs: a.dendriticDelayMs ?? 0, ...(a.small ? { inputFractionBits: 0 } : {}) };
  if (a.network === 'plastic') return plasticNetwork({ ...base, synapse: synapse as PlasticCaseArgs['synapse'] });
  return threeFactorNetwork({ seed: a.seed, steps: a.steps, batch: a.batch, storage: a.storage, synapse: synapse as PlasticCaseArgs['synapse'] & object });
}

export async function equationRuleVsHandWritten(ctx: GpuContext, a: EquationRuleArgs): Promise<EquationRuleResult> {
  const nets = [networkOf(a, a.handWritten), networkOf(a, a.equations)];
  const record = ['input', 'exc', 'inh'];
  const sims = await Promise.all(nets.map((n) => Simulator.build(ctx, n, { dt: 0.5, batch: a.batch, seed: a.seed, inputFractionBits: a.small ? 0 : 16 })));
  const plastic = nets[0]!.projections.filter((p) => p.synapse !== undefined && p.synapse !== 'static').map((p) => p.name);
  // The equation network's start weights, to count how many moved (learning happened).
  const start = Object.fromEntries(await Promise.all(plastic.map(async (n) => [n, (await sims[1]!.weights(n)).weights] as const)));
  const runs = [];
  for (const sim of sims) runs.push(await sim.run({ steps: a.steps, record }));
  const res: EquationRuleResult = { spikes: {}, mismatchedSteps: 0, firstMismatch: '', projections: {}, rules: nets.map((n) => plastic.map((p) => rulesOf(n, p)).join(', ')) };
  for (const name of record) {
    const [x, y] = [runs[0]!.spikes[name]!, runs[1]!.spikes[name]!];
    res.spikes[name] = Array.from({ length: a.batch }, (_, b) => x.totalSpikes(b)).reduce((s, v) => s + v, 0);
    for (let t = 0; t < a.steps; t++) {
      for (let b = 0; b < a.batch; b++) {
        const at = (t * a.batch + b) * x.words;
        let same = true;
        for (let j = 0; j < x.words; j++) if (x.bits[at + j] !== y.bits[at + j]) same = false;
        if (!same) {
          res.mismatchedSteps++;
          if (!res.firstMismatch) res.firstMismatch = `step ${t} ${name} instance ${b}: hand-written [${x.spikesAt(t, b).join(',')}] equations [${y.spikesAt(t, b).join(',')}]`;
        }
      }
    }
  }
  for (const name of plastic) {
    const [w0, w1] = await Promise.all(sims.map((s) => s.weights(name)));
    let different = w0!.weights.length === w1!.weights.length ? 0 : Infinity;
    for (let k = 0; k < w0!.weights.length; k++) if (!Object.is(w0!.weights[k], w1!.weights[k])) different++;
    let differentVariable = 0;
    if (a.variable) {
      const [v0, v1] = await Promise.all(sims.map((s) => s.synapseVariable(name, a.variable!)));
      for (let k = 0; k < v0!.length; k++) if (!Object.is(v0![k], v1![k])) differentVariable++;
    }
    res.projections[name] = { synapses: w0!.pre.length, differentWeights: different, changed: 0, differentVariable };
  }
  for (const name of plastic) {
    const end = await sims[1]!.weights(name);
    res.projections[name]!.changed = start[name]!.reduce((n, w, k) => n + (w !== end.weights[k] ? 1 : 0), 0);
  }
  for (const s of sims) s.destroy();
  return res;
}
