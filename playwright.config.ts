import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutablePath } from './scripts/lib/chromium';
import { BUILD_DIR as outDir, E2E_PORT as port, OWN_DIR as own } from './e2e/build-dir';

/** Tests that measure time (tagged TIMED in e2e/fixtures.ts): alone, after the others. */
const TIMED = /@timed/;

export default defineConfig({
  testDir: 'e2e',
  outputDir: own ? `${own}/test-results` : 'test-results',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  // Each test has a page (and browser context) of its own; most wait on a worker's training, so two of them
  // share a 2-core machine well. Tests that measure time run after them, one at a time (project 'timed').
  workers: 2,
  fullyParallel: true,
  retries: 0,
  projects: [
    { name: 'browser', grepInvert: TIMED },
    { name: 'timed', grep: TIMED, dependencies: ['browser'], workers: 1 },
  ],
  // failures-reporter: npm test prints the failed tests again at its end (E2E_FAILURES).
  reporter: [['list'], ['./e2e/failures-reporter.ts']],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1280, height: 800 },
    // A failed test's trace keeps the DOM at each step, not a film of the screen: filming every test costs the
    // browser a fifth more CPU.
    trace: { mode: 'retain-on-failure', screenshots: false },
    actionTimeout: 20_000,
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromiumExecutablePath(), args: CHROMIUM_ARGS },
  },
  webServer: {
    // E2E_BUILT: the app in outDir is this tree's (npm test's first browser run built it): served as it is.
    command: `${process.env.E2E_BUILT ? '' : `npx vite build --outDir ${outDir} --emptyOutDir && `}npx vite preview --outDir ${outDir} --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
  },
});
