/** optimizer (SGD with momentum, Adam, AdamW, clipping) vs the published update equations (kernels-tests/oracle/optimizer.ts). */
import { expect, test } from './harness/fixtures';

const cases = [
  { label: 'SGD, momentum 0.9, L2 1e-3', options: { kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 1e-3 } },
  { label: 'Adam, clipped to norm 5', options: { kind: 'adam', lr: 1e-2, maxGradNorm: 5 } },
  { label: 'AdamW, decoupled decay 0.1, step schedule', options: { kind: 'adamw', lr: 1e-2, weightDecay: 0.1, schedule: { kind: 'step', every: 2, gamma: 0.5 } } },
  { label: 'Adam, cosine schedule', options: { kind: 'adam', lr: 1e-2, schedule: { kind: 'cosine', totalSteps: 4 } } },
];

for (const c of cases) {
  test(`optimizer ${c.label}: 5 updates equal the equations; an Inf gradient changes nothing`, async ({ gpu }) => {
    const r = await gpu.run('optimizerVsOracle', { seed: 5, options: c.options, updates: 5 });
    expect(r.maxRel).toBeLessThan(1e-6);
    expect(r.infChanged).toBe(0);
  });
}
