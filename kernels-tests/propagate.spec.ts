/**
 * propagate (event-driven scatter) inside the Simulator vs the CPU network oracle
 * (kernels-tests/oracle/propagate.ts, kernels-tests/oracle/network.ts).
 */
import { expect, test } from './harness/fixtures';
import { expectNetworkMatchesOracle } from './harness/network-checks';
import type { NetworkCaseArgs, NetworkCaseResult } from './cases/network';

const cases: NetworkCaseArgs[] = [
  { seed: 5, steps: 1000, batch: 2, sizes: [50, 101, 37], rule: 'fixedProbability' },
  { seed: 6, steps: 1000, batch: 2, sizes: [64, 130, 33], rule: 'fixedInDegree' },
  { seed: 7, steps: 1000, batch: 3, sizes: [8, 65, 1], rule: 'fixedOutDegree' },
  { seed: 8, steps: 1000, batch: 2, sizes: [40, 70, 20], rule: 'allToAll' },
  { seed: 9, steps: 1000, batch: 2, sizes: [30, 90, 10], rule: 'explicit' },
  { seed: 10, steps: 1000, batch: 2, sizes: [40, 100, 25], rule: 'fixedProbability', inhModel: 'lifCond' },
];

// The same networks with the sparse projections delivered by the workgroup strategy (threads striding over each row).
const workgroupCases: NetworkCaseArgs[] = [
  { seed: 15, steps: 1000, batch: 2, sizes: [50, 101, 37], rule: 'fixedProbability', propagate: 'workgroup' },
  { seed: 17, steps: 1000, batch: 3, sizes: [8, 65, 1], rule: 'fixedOutDegree', propagate: 'workgroup' },
  { seed: 19, steps: 1000, batch: 2, sizes: [30, 90, 10], rule: 'explicit', propagate: 'workgroup' },
];

// Every sparse projection shares one propagate dispatch (a synapse page: its post rings in one
// input arena, its pre populations' spike lists in one list arena: host/sim/arenas.ts), whatever its
// pre population, per-synapse delays or not. Capped pages and arenas split them: in pages of at most
// 12 288 bytes per array, or in two groups because exc's input rings (12 288 bytes at dt 0.5 ms) and
// inh's then lie in different arenas. Pages are filled first fit by decreasing size (exc->exc and
// inh->exc share one). Pages share a dispatch as far as the storage-binding limit lets it bind them
// (4 shared bindings, 2 per page, 3 with per-synapse delays: the three pages below take 11), or as
// far as a test cap (pagesPerDispatch) says.
const THREE_PAGES = ['in->exc', 'exc->exc, inh->exc', 'exc->inh'];
const ONE_DISPATCH = ['in->exc, exc->exc, inh->exc, exc->inh'];
const TWO_DISPATCHES = ['in->exc, exc->exc, inh->exc', 'exc->inh'];
const threePageDispatches = (maxStorageBuffers: number): string[] =>
  maxStorageBuffers >= 11 ? ONE_DISPATCH : maxStorageBuffers >= 9 ? TWO_DISPATCHES : THREE_PAGES;
const pageCases: (NetworkCaseArgs & { pages: string[]; dispatches: (maxStorageBuffers: number) => string[] })[] = [
  { seed: 5, steps: 1000, batch: 2, sizes: [50, 101, 37], rule: 'fixedProbability', pages: ['in->exc, exc->exc, exc->inh, inh->exc'], dispatches: () => ['in->exc, exc->exc, exc->inh, inh->exc'] },
  { seed: 5, steps: 1000, batch: 2, sizes: [50, 101, 37], rule: 'fixedProbability', pageBytes: 12288, pages: THREE_PAGES, dispatches: threePageDispatches },
  { seed: 15, steps: 1000, batch: 2, sizes: [50, 101, 37], rule: 'fixedProbability', propagate: 'workgroup', pageBytes: 12288, pages: THREE_PAGES, dispatches: threePageDispatches },
  { seed: 35, steps: 1000, batch: 2, sizes: [50, 101, 37], rule: 'fixedProbability', pageBytes: 12288, pagesPerDispatch: 2, pages: THREE_PAGES, dispatches: (m) => (m >= 9 ? TWO_DISPATCHES : THREE_PAGES) },
  { seed: 45, steps: 1000, batch: 2, sizes: [50, 101, 37], rule: 'fixedProbability', propagate: 'workgroup', pageBytes: 12288, pagesPerDispatch: 1, pages: THREE_PAGES, dispatches: () => THREE_PAGES },
  { seed: 25, steps: 1000, batch: 2, sizes: [50, 101, 37], rule: 'fixedProbability', arenaBytes: 12288, pages: ['in->exc, exc->exc, inh->exc', 'exc->inh'], dispatches: () => ['in->exc, exc->exc, inh->exc', 'exc->inh'] },
];

for (const c of pageCases) {
  const what = c.pageBytes ? `pages of ${c.pageBytes} B${c.pagesPerDispatch ? `, at most ${c.pagesPerDispatch} per dispatch` : ''}` : c.arenaBytes ? `input arenas of ${c.arenaBytes} B` : 'one page for the network';
  test(`propagate pages: ${c.rule}, ${what}${c.propagate ? `, '${c.propagate}'` : ''}: spikes and counters as the oracle`, async ({ gpu }) => {
    const { pages, dispatches, ...args } = c;
    const r = (await gpu.run('networkVsOracle', args)) as NetworkCaseResult;
    console.log(`[${gpu.runtime}] pages ${JSON.stringify(r.pages)}; dispatches ${JSON.stringify(r.dispatches)} (maxStorageBuffersPerShaderStage ${r.maxStorageBuffers}); spikes ${JSON.stringify(r.spikes)}`);
    expect(r.pages).toEqual(pages);
    expect(r.dispatches).toEqual(dispatches(r.maxStorageBuffers));
    expectNetworkMatchesOracle(r);
  });
}

for (const c of [...cases, ...workgroupCases]) {
  test(`network spikes bit-identical to the oracle: ${c.rule}${c.inhModel ? ` (${c.inhModel} inh)` : ''}, sizes ${c.sizes.join('/')}, B=${c.batch}, seed ${c.seed}, ${c.steps} steps, delays${c.propagate ? `, propagate '${c.propagate}'` : ''}`, async ({ gpu }) => {
    const r = (await gpu.run('networkVsOracle', c)) as NetworkCaseResult;
    console.log(`[${gpu.runtime}] ${c.rule}: spikes ${JSON.stringify(r.spikes)}, synapses ${JSON.stringify(r.synapses)}, delivery ${JSON.stringify(r.strategies)}`);
    // 'auto' on these software adapters picks a thread per spike; a forced strategy is used by every sparse projection.
    const sparse = Object.values(r.strategies).filter((x) => x === 'thread' || x === 'workgroup');
    expect(sparse.length).toBeGreaterThan(0);
    for (const x of sparse) expect(x).toBe(c.propagate ?? 'thread');
    expect(r.firstMismatch).toBe('');
    expect(r.mismatchedSteps).toBe(0);
    expect(r.deterministic).toBe(true);
    expect(r.batchIndependent).toBe(true);
    expect(Object.values(r.overflow).every((x) => x === 0)).toBe(true);
    expect(r.counterMismatches, 'GPU event counters equal the oracle').toEqual([]);
    expect(Object.values(r.synops).every((x) => x > 0)).toBe(true);
    // Every population must take part, or the comparison proves little.
    for (const [name, n] of Object.entries(r.spikes)) expect(n, `${name} spikes`).toBeGreaterThan(0);
  });
}

test('a wrapped fixed-point accumulator is reported with the projection name', async ({ gpu }) => {
  const r = await gpu.run('propagateOverflow');
  expect(r).not.toBeNull();
  expect(r.name).toBe('FixedPointOverflowError');
  expect(r.projections).toEqual(['huge']);
  expect(r.message).toContain("'huge'");
  expect(r.message).toContain('inputFractionBits');
});

test('run by duration with progress callbacks, then single steps', async ({ gpu }) => {
  const r = await gpu.run('simulatorRunApi');
  expect(r.steps).toBe(1200);
  expect(r.progress).toEqual([512, 1024, 1200]);
  expect(r.afterStep).toBe(1200);
  expect(r.stepCount).toBe(1201);
});

test('a state that turns Inf or NaN is reported with population, neuron, instance and step', async ({ gpu }) => {
  const r = await gpu.run('nonFiniteDetection');
  expect(r).not.toBeNull();
  expect(r.name).toBe('NonFiniteStateError');
  expect(r.neuron).toBe(3);
  expect(r.instance).toBe(0);
  expect(r.step).toBe(0);
  expect(r.message).toContain("'blowup'");
});

test('rate monitors and state probes (every k steps, several variables) equal the spikes and the oracle state', async ({ gpu }) => {
  const r = await gpu.run('recordersVsOracle', { seed: 12, steps: 1100, batch: 2 });
  expect(r.firstProblem).toBe('');
  expect(r.probeMismatches).toBe(0);
  expect(r.rateMismatches).toBe(0);
  expect(r.probeSamples).toBeGreaterThan(5000);
  expect(r.meanRateHz).toBeGreaterThan(1);
});
