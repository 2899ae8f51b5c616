/**
 * A property's numRuns: `n`, the runs `npm test` makes (sized so every property test together adds well under a
 * minute on 2 slow cores), times FUZZ_SCALE from the environment for a longer hunt:
 * `FUZZ_SCALE=20 npx vitest run src/data/read/parse-fuzz.test.ts`. A failure prints fast-check's seed and path.
 */
export const runs = (n: number): number => Math.max(1, Math.round(n * Number(process.env.FUZZ_SCALE ?? 1)));
