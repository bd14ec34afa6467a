/**
 * Import rules of slimbench: the folders of harness/ form one layer order, top to bottom, and
 * every import points down it (or stays inside its folder). harness/index.ts, the public API,
 * may import anything.
 */
const layers = [
  'cli',
  'report',
  'compare',
  'runner',
  'suite',
  'methods',
  'runtimes',
  'measure',
  'models',
  'engine',
  'data',
  'results',
  'io',
  'errors',
];

/** Path pattern of a layer: a folder under harness/, or harness/errors.ts for the bottom one. */
const layerPath = (name) => (name === 'errors' ? '^harness/errors\\.ts$' : `^harness/${name}/`);

const upward = layers.slice(1).map((name, i) => ({
  name: `layer-${name}`,
  comment: `harness/${name} sits below ${layers.slice(0, i + 1).join(', ')} in the layer order (${layers.join(' > ')}): it may not import them.`,
  severity: 'error',
  from: { path: layerPath(name) },
  to: { path: layers.slice(0, i + 1).map(layerPath) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'Modules may not import each other in a cycle, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead code (entry points and tests excepted).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '^harness/index\\.ts$',
          '^harness/cli/main\\.ts$',
          '^harness/runner/worker\\.ts$',
          '^harness/engine/pool-worker\\.ts$',
          '^harness/report/templates/',
          '^test/',
        ],
      },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import must resolve to a file or an installed package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'suite-without-tfjs',
      comment:
        'suite/ validates suite files, and `slimbench validate` must not load TensorFlow.js: nothing suite/ reaches may import @tensorflow.',
      severity: 'error',
      from: { path: '^harness/suite/' },
      to: { path: '@tensorflow', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
    exclude: { path: ['^dist/', '^node_modules/'] },
  },
};
