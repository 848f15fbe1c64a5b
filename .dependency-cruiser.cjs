/**
 * The hub's dependency rules, checked in CI (`npm run deps`). Dependencies point one way, down:
 *
 *   composition   src/modules/index.ts (the module list), orm.ts, schema.ts, loaders.ts, importers.ts,
 *                 app.ts, main.ts, jobs.ts, sockets.ts, server/, tools/: may import anything in src
 *   analytics     counts across every group
 *   actions, meetings
 *   cases
 *   tasking       groups, members, live updates
 *   audit         the audit trail (cases write to it)
 *   access        accounts, API keys, the viewer
 *   budgets
 *   indicators
 *   plans, profiles, crime, housing
 *   places, partners
 *   sources       data sources: what each load brought and replaced, and the announcement of a load
 *   imports       the import runner: given an importer, it knows no domain
 *   live          the write transaction, the outbox, wake-ups, the stream
 *   root plumbing the other files in src/: import no module, except that auth.ts, context.ts and
 *                 module.ts know the viewer (access), the wake-up bus (live) and the importer's
 *                 shape (imports)
 *
 * A module imports modules of lower layers only; modules in one layer do not import each other. A
 * higher module adds fields to a lower module's types with its own field resolvers
 * (`@Resolver(() => Ward)` in plans/ for Ward.plan), so the lower module never names it.
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** The layers of src/modules, lowest first. A new module folder must be placed in one. */
const LAYERS = [
  ['live'],
  ['imports', 'documents'],
  ['sources'],
  ['places', 'partners'],
  ['plans', 'profiles', 'crime', 'housing'],
  ['indicators'],
  ['budgets'],
  ['access'],
  ['audit'],
  ['tasking'],
  ['cases'],
  ['actions', 'meetings'],
  ['analytics'],
];

const COMPOSITION = '^src/(modules/index|orm|schema|loaders|importers|app|main|jobs|sockets)\\.ts$|^src/(server|tools)/';

/** One rule per module: it may not import its own layer's other modules, nor any higher layer's. */
const layerRules = LAYERS.flatMap((layer, i) =>
  layer.map((module) => {
    const above = LAYERS.slice(i)
      .flat()
      .filter((other) => other !== module);
    const below = LAYERS.slice(0, i).flat();
    return {
      name: 'module-layers',
      severity: 'error',
      comment: `${module} may import ${below.length ? below.join(', ') : 'no other module'}: move what both need down, or add the field from the higher module.`,
      from: { path: `^src/modules/${module}/` },
      to: { path: above.length ? `^src/modules/(${above.join('|')})/` : '^$' },
    };
  }),
);

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
    ...layerRules,
    {
      name: 'module-not-in-layers',
      severity: 'error',
      comment: 'Every folder in src/modules has a layer: add it to LAYERS in .dependency-cruiser.cjs.',
      from: { path: '^src/modules/[^/]+/', pathNot: `^src/modules/(${LAYERS.flat().join('|')})/` },
      to: {},
    },
    {
      name: 'modules-not-to-composition',
      severity: 'error',
      comment: 'A module never imports the module list or what is composed from it (that would import every module).',
      from: { path: '^src/modules/[^/]+/' },
      to: { path: COMPOSITION },
    },
    {
      name: 'plumbing-not-to-modules',
      severity: 'error',
      comment: "Root plumbing is below every module; only the composition files (and the viewer's types) reach up.",
      from: { path: '^src/', pathNot: `${COMPOSITION}|^src/modules/|^src/(auth|context|module)\\.ts$` },
      to: { path: '^src/modules/' },
    },
    {
      name: 'plumbing-not-to-modules',
      severity: 'error',
      comment:
        'auth.ts, context.ts and module.ts know who asks (access), the wake-up bus (live) and what an importer is (imports), no other module.',
      from: { path: '^src/(auth|context|module)\\.ts$' },
      to: { path: '^src/modules/', pathNot: '^src/modules/(access|live|imports)/' },
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
    // bench/peer has node_modules of its own (PostGraphile, installed on demand by bench:compare).
    exclude: { path: '^dist/|(^|/)node_modules/' },
  },
};
