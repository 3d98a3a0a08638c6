/**
 * Reward-learning demo: the pattern-to-action task of task.ts, one trial per frame. Plots (uPlot):
 * the share of rewarded trials (last 20) with each trial's reward and modulator, the mean weight of
 * each pathway, and the mean eligibility of each pathway at the moment of decision.
 */
import { demoDevice, demoGui, frameLoop, showError, urlSettings } from '../kit/page';
import { LinePlot } from '../kit/plots';
import { Readout } from '../kit/readout';
import { DT, RewardTask, TASK_DEFAULTS } from './task';

const PATHWAYS = [
  { label: 'A → left (rewarded)', stroke: '#66ccff' },
  { label: 'A → right', stroke: '#335f77', dash: [5, 4] },
  { label: 'B → left', stroke: '#773b3b', dash: [5, 4] },
  { label: 'B → right (rewarded)', stroke: '#ff7777' },
];

async function main(): Promise<void> {
  const gpu = await demoDevice();
  const { settings, keep } = urlSettings({ ...TASK_DEFAULTS, paused: false });
  const readout = new Readout(document.getElementById('stats')!, gpu.adapter.summary, DT);
  const trialBox = document.getElementById('trial')!;
  const learning = new LinePlot(document.getElementById('learning')!, {
    xLabel: 'trial', yLabel: 'reward', height: 260, keep: 400, yRange: [-1.1, 1.1],
    series: [{ label: 'rewarded, last 20 trials', stroke: '#ffcc66' }, { label: 'reward', stroke: '#99ee66', points: true }, { label: 'modulator (reward − expected)', stroke: '#cc99ff', points: true }],
  });
  const weights = new LinePlot(document.getElementById('weights')!, { xLabel: 'trial', yLabel: 'mean weight (nA)', height: 260, keep: 400, series: PATHWAYS });
  const eligibility = new LinePlot(document.getElementById('eligibility')!, { xLabel: 'trial', yLabel: 'eligibility c (at decision)', height: 220, keep: 400, series: PATHWAYS });
  let task: RewardTask | undefined;
  const loop = frameLoop(settings);
  const rebuild = loop.rebuild;
  const build = async (): Promise<void> => {
    keep();
    task?.destroy();
    task = await RewardTask.create(gpu, settings);
    for (const p of [learning, weights, eligibility]) p.clear();
    readout.reset();
  };
  const gui = demoGui('Reward learning', settings, keep, rebuild);
  gui.add(settings, 'eta', 0, 0.1, 0.001).name('learning rate η (per ms)').onFinishChange(rebuild);
  gui.add(settings, 'activeHz', 10, 100, 1).name('pattern rate (Hz)').onFinishChange(rebuild);
  gui.add(settings, 'stimulusMs', 20, 500, 10).name('stimulus (ms)').onFinishChange(rebuild);

  const frame = async (): Promise<void> => {
    if (task) {
      const t = await task.trial();
      const n = task.trials.length;
      const w = await task.means();
      const acc = task.accuracy(20);
      learning.push(n, [acc, t.reward, t.modulator]);
      weights.push(n, [w[0]![0]!, w[0]![1]!, w[1]![0]!, w[1]![1]!]);
      eligibility.push(n, [t.eligibility[0]![0]!, t.eligibility[0]![1]!, t.eligibility[1]![0]!, t.eligibility[1]![1]!]);
      const names = ['left', 'right'];
      trialBox.textContent = `trial ${n}: pattern ${t.pattern ? 'B' : 'A'} → spikes left ${t.spikes[0]}, right ${t.spikes[1]} → ${t.action < 0 ? 'no choice' : names[t.action]} → reward ${t.reward > 0 ? '+1' : t.reward} (modulator ${t.modulator.toFixed(2)})`;
      const c = await task.sim.readCounters();
      readout.note(`${(100 * acc).toFixed(0)} % rewarded over the last 20 trials`);
      readout.update(task.sim.stepCount, Object.values(c.projections).reduce((a, p) => a + p.synops, 0));
      loop.report({ trials: String(n), accuracy: acc.toFixed(3), weights: JSON.stringify(w) });
    }
  };
  loop.start(build, frame);
}

void main().catch(showError);
