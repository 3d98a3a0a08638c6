/**
 * Prints the closing line CI reads: `N passed, N failed, N skipped`, summed over every project
 * (unit, chromium, node, demos). Flaky tests (passed on retry) count as passed and are listed.
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
    for (const [test, r] of this.final) {
      const outcome = test.outcome();
      if (outcome === 'skipped') skipped++;
      else if (outcome === 'expected') passed++;
      else if (outcome === 'flaky') {
        passed++;
        flaky.push(test.titlePath().join(' > '));
      } else failed++;
      void r;
    }
    if (flaky.length) console.log(`flaky (passed on retry):\n  ${flaky.join('\n  ')}`);
    if (result.status === 'interrupted' || result.status === 'timedout') console.log(`run ${result.status}`);
    console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}

export default SummaryReporter;
