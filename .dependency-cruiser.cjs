/**
 * The hub's dependency rules, checked in CI (`npm run deps`). Dependencies point one way:
 * src root plumbing <- live, imports <- domain modules <- composition (schema, orm, server) <- main.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A file that (through others) imports itself: split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-modules',
      severity: 'error',
      scope: 'folder',
      comment: 'Two domain modules that need each other: move what both need down, or publish an event instead.',
      from: { path: '^src/modules/' },
      to: { path: '^src/modules/', circular: true },
    },
    {
      name: 'src-not-to-seeds',
      severity: 'error',
      comment: 'Production does not carry the seeds: development start seeds through seeds/, which imports src, never the reverse.',
      from: { path: '^src/' },
      to: { path: '^seeds/' },
    },
    {
      name: 'src-not-to-tests-or-bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
