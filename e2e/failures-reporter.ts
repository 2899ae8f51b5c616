import { appendFileSync } from 'node:fs';
import type { Reporter, TestCase, TestError, TestResult } from '@playwright/test/reporter';

const plain = (message: string): string[] =>
  message.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim()).slice(0, 8).map((l) => `    ${l.slice(0, 240)}`);

/**
 * Appends each failed test (project, file:line, title, the first lines of its error) to the file named by
 * E2E_FAILURES, so that npm test can print them again last: on CI only the tail of the output is kept, and the
 * list reporter's own summary lies above the unit tests' block there.
 */
export default class FailuresReporter implements Reporter {
  private readonly file = process.env.E2E_FAILURES;

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!this.file || result.status === test.expectedStatus) return;
    const lines = plain(result.error?.message ?? result.status);
    const where = `${test.location.file.replace(/^.*\/e2e\//, 'e2e/')}:${test.location.line}`;
    appendFileSync(this.file, `  [${test.parent.project()?.name ?? '?'}] ${where} › ${test.title} (${result.status}, ${Math.round(result.duration / 1000)} s)\n${lines.join('\n')}\n`);
  }

  /** An error outside any test: the web server's build, a worker's crash. */
  onError(error: TestError): void {
    if (this.file) appendFileSync(this.file, `  outside a test:\n${plain(error.message ?? error.value ?? 'unknown').join('\n')}\n`);
  }
}
