/** The port the browser tests serve the app on (`vite preview`): E2E_PORT, else 4173. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);

/**
 * A run on another port (E2E_PORT) builds and writes its results in a folder of its own, so runs side by side
 * on one machine do not overwrite each other's build or wipe each other's test-results (Playwright empties it).
 */
export const OWN_DIR = E2E_PORT === 4173 ? undefined : `node_modules/.cache/autorec-e2e-${E2E_PORT}`;

/** Where playwright.config.ts builds the app it serves (e2e/static-host.spec.ts serves the same build its own way). */
export const BUILD_DIR = OWN_DIR ? `${OWN_DIR}/dist` : 'dist';
