/**
 * The peer cache (harness/peer-cache.ts): processes asking for the same key at once share one run
 * and read the whole result; a failed run is not kept; a lock left by a dead process is taken over.
 */
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const tsx = resolve(root, 'node_modules/tsx/dist/esm/index.mjs');

/** Runs cachedPeerRun(key) in a fresh Node process; the run appends a line to `runs` and prints a long output. */
function ask(cache: string, key: string, runs: string, status = 0): Promise<{ code: number | null; out: string }> {
  const script = `import { appendFileSync } from 'node:fs';
import { cachedPeerRun } from ${JSON.stringify(resolve(root, 'kernels-tests/harness/peer-cache.ts'))};
const r = cachedPeerRun(${JSON.stringify(key)}, () => {
  appendFileSync(${JSON.stringify(runs)}, process.pid + '\\n');
  const t = Date.now(); while (Date.now() - t < 1500) {}
  return { status: ${status}, stdout: 'x'.repeat(1 << 20) + 'end', stderr: 'why' };
});
process.stdout.write(JSON.stringify({ status: r.status, length: r.stdout.length, tail: r.stdout.slice(-3), cached: r.cached }));`;
  return new Promise((done) => {
    const p = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { env: { ...process.env, SPIKEGPU_PEER_CACHE: cache }, cwd: root });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('close', (code) => done({ code, out }));
  });
}

test('peer cache: two processes asking at once share one run; a failed run is not kept; a dead owner\'s lock is taken over', async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-peer-cache-'));
  try {
    const cache = join(dir, 'cache');
    const runs = join(dir, 'runs');
    writeFileSync(runs, '');
    const both = await Promise.all([ask(cache, 'k1', runs), ask(cache, 'k1', runs)]);
    const got = both.map((b) => JSON.parse(b.out) as { status: number; length: number; tail: string; cached: boolean });
    expect(readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(1);
    for (const g of got) expect(g).toMatchObject({ status: 0, length: (1 << 20) + 3, tail: 'end' });
    expect(got.map((g) => g.cached).sort()).toEqual([false, true]);
    expect(readdirSync(cache).sort()).toEqual(['k1.out']);

    writeFileSync(runs, '');
    const failed = JSON.parse((await ask(cache, 'k2', runs, 1)).out) as { status: number; cached: boolean };
    expect(failed).toMatchObject({ status: 1, cached: false });
    expect(existsSync(join(cache, 'k2.out'))).toBe(false);
    expect(JSON.parse((await ask(cache, 'k2', runs, 1)).out)).toMatchObject({ status: 1, cached: false });
    expect(readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(2);

    // A lock whose owner is gone: the pid of a child that has exited and been reaped.
    const dead = await new Promise<number>((done) => { const c = spawn(process.execPath, ['-e', '0']); c.on('close', () => done(c.pid!)); });
    mkdirSync(join(cache, 'k3.out.lock'));
    writeFileSync(join(cache, 'k3.out.lock', 'pid'), String(dead));
    writeFileSync(runs, '');
    expect(JSON.parse((await ask(cache, 'k3', runs)).out)).toMatchObject({ status: 0, cached: false, tail: 'end' });
    expect(existsSync(join(cache, 'k3.out.lock'))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
