/**
 * The layer rule of docs/architecture.md, checked by `npm run check:layers` (part of `npm test`).
 *
 * src/ is a stack of layers; a file imports only from its own layer and the layers below it
 * (type-only imports count: a type in the wrong layer is a misplaced type):
 *
 *   ui -> worker -> tune -> serve -> train -> model -> compute -> config -> baselines -> data
 *
 * The page (src/main.tsx and src/ui) is the exception at the top: it talks to the worker by messages and
 * imports only config, data and the worker's message types, so tfjs never reaches its bundle
 * (the `page-without-tfjs` rule follows runtime imports from src/main.tsx).
 */
const LAYERS = ['data', 'baselines', 'config', 'compute', 'model', 'train', 'serve', 'tune', 'worker', 'ui'];

/** A test sits beside the code it is about and may build the layers above it to exercise that code. */
const TESTS = '\\.test\\.tsx?$';

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `src/${layer} imports only from ${LAYERS.slice(0, i + 1).join(', ')} (the layers at or below it)`,
  severity: 'error',
  from: { path: `^src/${layer}/`, pathNot: TESTS },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'page-imports',
      comment: 'the page (src/ui, src/main.tsx) imports only config, data, baselines and the worker\'s message types',
      severity: 'error',
      from: { path: '^src/(ui/|main\\.tsx)', pathNot: TESTS },
      to: { path: '^src/', pathNot: ['^src/(ui|config|data|baselines)/', '^src/worker/messages\\.ts$'] },
    },
    {
      name: 'no-circular',
      comment: 'no cycles, type-only imports included',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-to-tools',
      comment: 'src never imports the browser tests (e2e/) or the commands (scripts/)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(e2e|scripts)/' },
    },
    {
      name: 'testing-only-from-tests',
      comment: 'src/testing holds test-only helpers: only tests import them',
      severity: 'error',
      from: { path: '^(src|scripts)/', pathNot: ['\\.test\\.tsx?$', '^src/testing/'] },
      to: { path: '^src/testing/' },
    },
    {
      name: 'scripts-not-to-page-or-e2e',
      comment: 'the headless commands reuse data and model code; they take nothing from src/ui or e2e/',
      severity: 'error',
      from: { path: '^scripts/' },
      to: { path: '^(src/ui/|e2e/)' },
    },
    {
      name: 'scripts-entries-not-imported',
      comment: 'scripts/*.ts are entry points; what they share lives in scripts/lib',
      severity: 'error',
      from: {},
      to: { path: '^scripts/[^/]+\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^dist', '\\.gpu/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
  },
};
