/**
 * The layer rule (ARCHITECTURE.md): platform ← adapters ← modules ← app ← http / cli / main.
 * A layer imports only the layers to its left; a module imports another module only through
 * that module's index.ts; nothing above the modules touches SQL (kysely); no import cycles,
 * type-only imports included. Checked by `npm test` (test/architecture/layers.test.ts).
 */
const LAYER = (name, allowed) => ({
  name: `layer-${name}`,
  comment: `${name} may import only ${allowed.join(', ')}`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: allowed.map((layer) => `^src/${layer}/`) },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'import cycles (type-only imports count)', severity: 'error', from: {}, to: { circular: true } },
    LAYER('platform', ['platform']),
    LAYER('adapters', ['platform', 'adapters']),
    LAYER('modules', ['platform', 'adapters', 'modules']),
    LAYER('app', ['platform', 'adapters', 'modules', 'app']),
    LAYER('http', ['platform', 'adapters', 'modules', 'app', 'http']),
    LAYER('cli', ['platform', 'adapters', 'modules', 'app', 'cli', 'http']),
    LAYER('workers', ['platform', 'adapters', 'modules', 'app', 'cli']),
    {
      name: 'web-client-alone',
      comment: 'the browser code imports only itself (it talks to the server over HTTP)',
      severity: 'error',
      from: { path: '^src/web/client/' },
      to: { path: '^src/', pathNot: '^src/web/client/' },
    },
    {
      name: 'module-through-index',
      comment: 'outside a module, import it only through its index.ts',
      severity: 'error',
      from: { path: '^src/(?!modules/)|^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-unresolvable',
      comment: 'an import that leads nowhere (a side-effect import tsc does not check, say)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-sql-above-modules',
      comment: 'only platform/db and the modules talk to the database',
      severity: 'error',
      from: { path: '^src/(app|http|cli|workers|main)' },
      to: { path: 'node_modules/(kysely|better-sqlite3|pg)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // Resolve packages the way Node does (ESM `exports`), so no-unresolvable names only real misses.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types'] },
    exclude: { path: '^src/web/client/.*\\.css$' },
  },
};
