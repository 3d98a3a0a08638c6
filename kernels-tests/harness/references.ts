/**
 * The external reference peers (Brian2, PyTorch, NumPy, h5py, PyNN from Debian, run with /usr/bin/python3)
 * and what a test does when one is missing. `npm test`'s setup (scripts/setup.mjs) installs them when
 * root, probes them and writes node_modules/.cache/spikegpu/references.json saying which are
 * *expected*. A test that needs a reference calls `useReference(id)` first:
 *  - available: the test goes on, annotated with the reference and its version (the summary reporter
 *    counts the comparisons that ran per reference);
 *  - missing but expected (setup installed or found it, or SPIKEGPU_REFERENCES=required): the test fails;
 *  - missing and not expected (setup could not install it): the test is skipped, named, with the reason.
 * A comparison therefore never passes without running. The runners (runBrian2, torchGradients,
 * runPython) check that the calling test declared its reference this way, so a test cannot reach a
 * peer without going through the skip-or-fail rule.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from '@playwright/test';
import REFS from '../../scripts/references.json' with { type: 'json' };
import { cachedPeerRun } from './peer-cache';

export type ReferenceId = 'brian2' | 'torch' | 'numpy' | 'h5py' | 'pynn';

export const PYTHON = process.env.SPIKEGPU_PYTHON ?? REFS.python;
export const SETUP_FILE = resolve(import.meta.dirname, '../../node_modules/.cache/spikegpu/references.json');

export interface ReferenceStatus {
  id: ReferenceId;
  label: string;
  debian: string;
  available: boolean;
  version?: string;
  /** Why it cannot be imported. */
  why?: string;
  /** Whether the tests must run it (see the file comment). */
  expected: boolean;
}

const cache = new Map<ReferenceId, ReferenceStatus>();

function setupExpectations(): Record<string, { expected?: boolean }> {
  if (!existsSync(SETUP_FILE)) return {};
  try {
    return (JSON.parse(readFileSync(SETUP_FILE, 'utf8')) as { references?: Record<string, { expected?: boolean }> }).references ?? {};
  } catch {
    return {};
  }
}

/** Probes `id` once per process: importable from PYTHON, its version, whether it is expected. */
export function referenceStatus(id: ReferenceId): ReferenceStatus {
  const hit = cache.get(id);
  if (hit) return hit;
  const ref = REFS.references.find((r) => r.id === id);
  if (!ref) throw new Error(`unknown reference ${id}`);
  const p = spawnSync(PYTHON, ['-c', `import ${ref.module}; print(${ref.module}.__version__)`], { encoding: 'utf8' });
  const available = p.status === 0;
  const why = available ? undefined : p.error ? `${PYTHON} not found (${p.error.message})` : (p.stderr.trim().split('\n').pop() ?? 'import failed');
  const expected = process.env.SPIKEGPU_REFERENCES === 'required' || setupExpectations()[id]?.expected === true;
  const s: ReferenceStatus = { id, label: ref.label, debian: ref.debian, available, expected, ...(available ? { version: p.stdout.trim().split('\n').pop() ?? '' } : { why }) };
  cache.set(id, s);
  return s;
}

/**
 * Call at the start of a test that needs `id`. Returns its status when available; otherwise skips
 * the test (counted, with the reason) or, when the reference was expected, fails it.
 */
export function useReference(id: ReferenceId): ReferenceStatus {
  const s = referenceStatus(id);
  const info = test.info();
  if (s.available) {
    info.annotations.push({ type: 'reference', description: `${s.label} ${s.version ?? ''}`.trim() });
    return s;
  }
  if (s.expected) {
    throw new Error(`${s.label} was expected (npm test's setup installed or found it, or SPIKEGPU_REFERENCES=required) but ${PYTHON} cannot import it: ${s.why}`);
  }
  test.skip(true, `${s.label} not installed (${s.why}); install Debian's ${s.debian} (npm test does so when run as root)`);
  return s;
}

/** Throws unless the running test called useReference(id) and the reference is available. */
export function assertReferenceDeclared(id: ReferenceId): void {
  const s = referenceStatus(id);
  const declared = test.info().annotations.some((a) => a.type === 'reference' && a.description?.startsWith(s.label));
  if (!declared) throw new Error(`this test runs ${s.label} without calling useReference('${id}') first`);
}

/** Runs PYTHON with `args` for a test that declared `id` (see assertReferenceDeclared). */
export function runPython(id: ReferenceId, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  assertReferenceDeclared(id);
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 256 * 2 ** 20, ...(input !== undefined ? { input } : {}) });
  return { status: r.status, stdout: r.stdout ?? '', stderr: `${r.error ? `${r.error.message}\n` : ''}${r.stderr ?? ''}` };
}

/**
 * runPython for a peer run whose output (stdout) is a function of its inputs, cached on disk
 * (harness/peer-cache.ts) and keyed by the reference's version, every argument (files and
 * directories by their content, so a temporary path does not change the key) and the input. The
 * Chromium and Node projects, and workers running at the same time, share one run.
 */
export function runPythonCached(id: ReferenceId, args: string[], input?: string): { status: number | null; stdout: string; stderr: string; cached: boolean } {
  assertReferenceDeclared(id);
  const hash = createHash('sha256').update(`${id} ${referenceStatus(id).version ?? ''}\0`);
  for (const a of args) keyOf(hash, a);
  if (input !== undefined) hash.update(`input:${input}`);
  return cachedPeerRun(`${id}-${hash.digest('hex').slice(0, 32)}`, () => runPython(id, args, input));
}

/** What an argument stands for in a cache key: a file by its bytes, a directory by its files' names and bytes, else itself. */
function keyOf(hash: ReturnType<typeof createHash>, arg: string): void {
  if (!arg.startsWith('-') && existsSync(arg)) {
    const st = statSync(arg);
    if (st.isFile()) {
      hash.update(`file:${st.size}:`).update(readFileSync(arg));
      return;
    }
    if (st.isDirectory()) {
      for (const f of readdirSync(arg).sort()) {
        hash.update(`dir-entry:${f}:`);
        if (statSync(join(arg, f)).isFile()) hash.update(readFileSync(join(arg, f)));
      }
      return;
    }
  }
  hash.update(`arg:${arg}\0`);
}
