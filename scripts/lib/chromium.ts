import { existsSync } from 'node:fs';

/**
 * The Chromium flags of the browser tests (playwright.config.ts) and the headless commands (scripts/lib/browser.ts):
 * WebGPU on (headless Chromium has no adapter without it), no sandbox, no background network (refused
 * connections on machines without one, and requests no test wants).
 */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Which Chromium runs: CHROMIUM_PATH when set, else the system one where there is one (Debian:
 * /usr/bin/chromium), else undefined, i.e. Playwright's own (npx playwright install chromium).
 */
export function chromiumExecutablePath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}
