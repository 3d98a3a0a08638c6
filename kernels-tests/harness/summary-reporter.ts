/**
 * Prints the closing line CI reads: `N passed, N failed, N skipped`, summed over every project
 * (unit, chromium, node, demos, demos-static, package). Before it: every skipped test with its
 * reason, how many tests ran each external reference (harness/references.ts annotates them), the
 * slowest files, and on the line just above it the suite's wall time. Flaky tests (passed on retry)
 * count as passed and are listed.
 *
 * On a full run (no file, project or grep filter) the run also fails, with a line saying why, when a
 * reference that npm test's setup expected (node_modules/.cache/spikegpu/references.json) ran in no
 * test, or when the suite took longer than its budget (SPIKEGPU_SUITE_BUDGET_MIN, default 30 minutes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import REFS from '../../scripts/references.json' with { type: 'json' };

/** What npm test's setup wrote (SPIKEGPU_SETUP_FILE points elsewhere, for the reporter's own test). */
const SETUP_FILE = process.env.SPIKEGPU_SETUP_FILE ?? resolve(import.meta.dirname, '../../node_modules/.cache/spikegpu/references.json');
const ROOT = resolve(import.meta.dirname, '../..');

/** Options that make a run partial: a budget or a reference count means nothing for it. */
const FILTERS = ['--project', '-g', '--grep', '--grep-invert', '--last-failed', '--only-changed', '--shard', '--repeat-each', '--list', '--pass-with-no-tests'];
/** Options that take a value (so their value is not a file filter). */
const WITH_VALUE = ['--project', '-g', '--grep', '--grep-invert', '--shard', '--repeat-each', '--workers', '-j', '--reporter', '--config', '-c', '--timeout', '--retries', '--max-failures', '--output', '--trace', '--global-timeout'];

/** Whether this process was started as `playwright test` with no filter (the whole suite). */
export function isFullRun(argv: readonly string[]): boolean {
  const at = argv.findIndex((a) => a === 'test');
  if (at < 0) return false;
  const args = argv.slice(at + 1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = a.split('=')[0]!;
    if (FILTERS.includes(name)) return false;
    if (WITH_VALUE.includes(name) && !a.includes('=')) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return false; // a file or title filter
  }
  return true;
}

class SummaryReporter implements Reporter {
  private readonly final = new Map<TestCase, TestResult>();
  private readonly fileMs = new Map<string, number>();
  private started = Date.now();

  onBegin(_config: FullConfig, _suite: Suite): void {
    this.started = Date.now();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.final.set(test, result);
    const key = `[${test.parent.project()?.name ?? '?'}] ${relative(ROOT, test.location.file)}`;
    this.fileMs.set(key, (this.fileMs.get(key) ?? 0) + result.duration);
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const flaky: string[] = [];
    const skips: string[] = [];
    const references = new Map<string, number>();
    for (const [test, r] of this.final) {
      const outcome = test.outcome();
      const notes = [...test.annotations, ...r.annotations];
      if (outcome === 'skipped') {
        skipped++;
        const why = [...new Set(notes.filter((a) => a.type === 'skip' || a.type === 'fixme').map((a) => a.description).filter(Boolean))].join('; ');
        skips.push(`${test.titlePath().slice(1).join(' > ')}: ${why || 'no reason given'}`);
      } else if (outcome === 'expected') passed++;
      else if (outcome === 'flaky') {
        passed++;
        flaky.push(test.titlePath().join(' > '));
      } else failed++;
      if (outcome !== 'skipped') {
        const used = new Set(notes.filter((a) => a.type === 'reference' && a.description).map((a) => a.description!));
        for (const ref of used) references.set(ref, (references.get(ref) ?? 0) + 1);
      }
    }
    const problems: string[] = [];
    const wallMin = (Date.now() - this.started) / 60_000;
    if (isFullRun(process.argv)) {
      const budget = Number(process.env.SPIKEGPU_SUITE_BUDGET_MIN ?? 30);
      if (wallMin > budget) problems.push(`the suite took ${wallMin.toFixed(1)} min, over its budget of ${budget} min (SPIKEGPU_SUITE_BUDGET_MIN): a slow suite is a defect`);
      for (const id of expectedReferences()) {
        const label = REFS.references.find((r) => r.id === id)?.label ?? id;
        if (![...references.keys()].some((k) => k.startsWith(`${label} `) || k === label)) problems.push(`${label} was expected (npm test's setup installed or found it) but no test ran it`);
      }
    }
    if (flaky.length) console.log(`flaky (passed on retry):\n  ${flaky.join('\n  ')}`);
    if (skips.length) console.log(`skipped (${skips.length}):\n  ${skips.join('\n  ')}`);
    console.log(`references run: ${references.size ? [...references].map(([ref, n]) => `${ref} in ${n} test${n === 1 ? '' : 's'}`).join(', ') : 'none'}`);
    const slowest = [...this.fileMs].sort((a, b) => b[1] - a[1]).slice(0, 5);
    if (slowest.length) console.log(`slowest files (test time): ${slowest.map(([f, ms]) => `${f} ${(ms / 60_000).toFixed(1)} min`).join(', ')}`);
    for (const p of problems) console.log(`suite check failed: ${p}`);
    if (result.status === 'interrupted' || result.status === 'timedout') console.log(`run ${result.status}`);
    const testMin = [...this.fileMs.values()].reduce((a, b) => a + b, 0) / 60_000;
    console.log(`suite wall time ${wallMin.toFixed(1)} min (test time ${testMin.toFixed(1)} min over all workers)`);
    console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
    return problems.length > 0 ? { status: 'failed' } : undefined;
  }
}

/** The references npm test's setup said the tests must run (none when setup did not run). */
function expectedReferences(): string[] {
  if (!existsSync(SETUP_FILE)) return [];
  try {
    const r = (JSON.parse(readFileSync(SETUP_FILE, 'utf8')) as { references?: Record<string, { expected?: boolean }> }).references ?? {};
    return Object.entries(r).filter(([, s]) => s.expected === true).map(([id]) => id);
  } catch {
    return [];
  }
}

export default SummaryReporter;
