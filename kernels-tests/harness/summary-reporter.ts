/**
 * Prints the closing line CI reads: `N passed, N failed, N skipped`, summed over every project
 * (unit, chromium, node, demos). Before it: every skipped test with its reason, and how many tests
 * ran each external reference (harness/references.ts annotates them), so a reader sees at once
 * which comparisons ran. Flaky tests (passed on retry) count as passed and are listed.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

class SummaryReporter implements Reporter {
  private readonly final = new Map<TestCase, TestResult>();

  onTestEnd(test: TestCase, result: TestResult): void {
    this.final.set(test, result);
  }

  onEnd(result: FullResult): void {
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
    if (flaky.length) console.log(`flaky (passed on retry):\n  ${flaky.join('\n  ')}`);
    if (skips.length) console.log(`skipped (${skips.length}):\n  ${skips.join('\n  ')}`);
    console.log(`references run: ${references.size ? [...references].map(([ref, n]) => `${ref} in ${n} test${n === 1 ? '' : 's'}`).join(', ') : 'none'}`);
    if (result.status === 'interrupted' || result.status === 'timedout') console.log(`run ${result.status}`);
    console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}

export default SummaryReporter;
