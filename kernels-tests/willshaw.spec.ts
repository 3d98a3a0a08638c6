/**
 * willshaw (AssociativeMemory, a clipped Hebbian memory): stored words, dendritic sums and recalled
 * outputs equal the oracle (kernels-tests/oracle/willshaw.ts) exactly, lightly and heavily loaded; one
 * presentation per pair suffices to recall every pair from half a cue.
 */
import { expect, test } from './harness/fixtures';

for (const c of [
  { label: 'lightly loaded (40 pairs)', inputs: 300, outputs: 200, kIn: 8, kOut: 6, pairs: 40, seed: 1 },
  { label: 'overloaded (3000 pairs: most weights set, many spurious outputs)', inputs: 300, outputs: 200, kIn: 8, kOut: 6, pairs: 3000, seed: 2 },
]) {
  test(`willshaw, ${c.label}: weights, sums and recalled outputs equal the oracle`, async ({ gpu }) => {
    const r = await gpu.run('willshawVsOracle', c);
    console.log(`[${gpu.runtime}] willshaw ${c.pairs} pairs: load ${r.load.toFixed(4)}, ${r.wordMismatches}/${r.words} word mismatches, ${r.recallMismatches}/${r.recalls} recall mismatches, ${r.activeTotal} outputs active in all`);
    expect(r.stored).toBe(c.pairs);
    expect(r.wordMismatches).toBe(0);
    expect(r.recallMismatches).toBe(0);
    expect(r.load).toBeGreaterThan(0);
    if (c.pairs > 1000) expect(r.load).toBeGreaterThan(0.5);
  });
}

for (const hetero of [false, true]) {
  test(`one-shot binding (${hetero ? 'hetero' : 'auto'}-association): 20 pairs of 8-of-256 patterns, each stored once, all recalled exactly from half cues`, async ({ gpu }) => {
    const r = await gpu.run('willshawOneShot', { units: 256, active: 8, pairs: 20, hetero, seed: 5 });
    console.log(`[${gpu.runtime}] one-shot ${hetero ? 'hetero' : 'auto'}: ${r.perfect}/${r.pairs} perfect, ${r.spurious} spurious, ${r.missed} missed, load ${r.load.toFixed(4)}`);
    expect(r.perfect).toBe(20);
    expect(r.missed).toBe(0);
  });
}

test('associativeMemory: bad input gets typed errors naming the field', async ({ gpu }) => {
  const r = await gpu.run('willshawBadInput', {});
  expect(r['inputs 0']).toMatch(/^InvalidParameterError: associativeMemory: inputs = 0 is not allowed/);
  expect(r['too large']).toMatch(/^InvalidParameterError: associativeMemory: outputs = 65536 is not allowed; expected inputs x outputs \/ 8 bytes of weights within/);
  expect(r['index out of range']).toMatch(/^InvalidParameterError: associativeMemory: pairs\[0\]\.x\[1\] = 10 is not allowed; expected a unit index in \[0, 9\]/);
  expect(r['repeated index']).toMatch(/^InvalidParameterError: associativeMemory: pairs\[0\]\.x\[1\] = 1 .*not already in the pattern/);
  expect(r['missing y']).toMatch(/^InvalidParameterError: associativeMemory.store: pairs\[0\]\.y = undefined .*8 outputs/);
  expect(r['dense cue of the wrong length']).toMatch(/^InvalidParameterError: associativeMemory: cues\[0\] = Uint8Array of length 9 .*length 10/);
  expect(r['empty cue']).toMatch(/^InvalidParameterError: associativeMemory.recall: cues\[0\] .*at least one active unit/);
  expect(r['no cues']).toMatch(/^InvalidParameterError: associativeMemory.recall: cues = an array of length 0/);
  expect(r['threshold 0']).toMatch(/^InvalidParameterError: associativeMemory.recall: threshold = 0/);
  expect(r.winners).toMatch(/^InvalidParameterError: associativeMemory.recall: threshold.winners = 9/);
  expect(r['after destroy']).toMatch(/^DestroyedError: AssociativeMemory was used after destroy\(\)/);
});
