/**
 * tfjs never reaches the page's main bundle: from src/main.tsx, following the imports that survive compilation
 * (type-only imports are erased), no module of @tensorflow is reachable. The worker, where tfjs lives, is
 * started by URL (new Worker(new URL(...))), not imported.
 */
module.exports = {
  forbidden: [
    {
      name: 'page-without-tfjs',
      severity: 'error',
      from: { path: '^src/main\\.tsx$' },
      to: { path: '@tensorflow', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist'] },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
