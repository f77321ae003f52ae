/**
 * The architecture, enforced: which part may import which (docs/architecture.md shows the same
 * table and the graph). `npm run lint:deps` runs it; a wrong import fails naming the rule.
 *
 * Each part lists every part and npm package it may import; everything else is forbidden.
 * Node's built-ins are allowed everywhere except in `asl/` and `contracts/`, which stay pure
 * (no I/O; node:crypto's hash functions are allowed).
 */

/** Part -> the parts it may import (besides itself). */
const parts = {
  asl: [],
  contracts: [],
  engine: ['asl'],
  builders: ['asl'],
  checks: ['asl', 'builders'],
  workflows: ['asl', 'builders', 'checks', 'contracts'],
  tasks: ['contracts'],
  runtime: ['asl', 'contracts', 'engine', 'workflows', 'tasks', 'report'],
  report: ['asl', 'contracts', 'engine'],
  infra: ['asl', 'contracts', 'workflows'],
  cli: ['asl', 'contracts', 'engine', 'workflows', 'runtime', 'report'],
};

/** Part -> the npm packages it may import. */
const packages = {
  asl: ['jsonata'],
  contracts: [],
  engine: ['jsonata', 'jsonpath-plus', '@aws-sdk/client-s3', '@aws-sdk/client-sfn', 'commander'],
  builders: ['jsonata'],
  checks: ['jsonata', 'asl-validator', 'amazon-states-language-service'],
  workflows: ['@aws-sdk/client-emr'],
  tasks: [
    '@aws-lambda-powertools/logger',
    '@aws-lambda-powertools/metrics',
    '@aws-lambda-powertools/parameters',
    '@aws-sdk/client-emr',
    '@aws-sdk/client-s3',
    '@aws-sdk/client-sfn',
    '@types/aws-lambda',
  ],
  runtime: ['@aws-sdk/client-emr', '@aws-sdk/client-s3', 's3rver'],
  // esbuild bundles report/browser/ (dagre, chart.js) into the page at report time.
  report: ['esbuild', '@dagrejs/dagre', 'chart.js'],
  infra: ['aws-cdk-lib', 'cdk-nag', 'constructs'],
  cli: [
    '@aws-sdk/client-cloudformation',
    '@aws-sdk/client-emr',
    '@aws-sdk/client-s3',
    '@aws-sdk/client-sfn',
    'commander',
  ],
};

const pureParts = ['asl', 'contracts'];
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternation = (names) => names.map(escapeRegExp).join('|');

const partRules = Object.entries(parts).map(([part, allowed]) => ({
  name: `${part}-imports-only-${allowed.length ? allowed.join('-') : 'itself'}`,
  comment: `${part}/ may import ${allowed.length ? allowed.map((p) => `${p}/`).join(', ') : 'no other part'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^${part}/` },
  to: {
    path: '^(?!node_modules/)',
    pathNot: `^(${alternation([part, ...allowed])})/`,
    dependencyTypesNot: ['core'],
  },
}));

const packageRules = Object.entries(packages).map(([part, allowed]) => ({
  name: `${part}-uses-only-its-packages`,
  comment: `${part}/ may use the npm packages ${allowed.join(', ') || '(none)'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^${part}/` },
  to: {
    dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
    pathNot: allowed.length ? `^node_modules/(${alternation(allowed)})/` : '^$',
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make parts impossible to load, test or reason about in isolation.',
      severity: 'error',
      from: { path: '^(?!test/|bench/)' },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that does not resolve.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'pure-parts-use-no-node-builtins',
      comment: `${pureParts.map((p) => `${p}/`).join(' and ')} are pure: no file system, network or process (node:crypto's hashes are allowed).`,
      severity: 'error',
      from: { path: `^(${alternation(pureParts)})/` },
      to: { dependencyTypes: ['core'], pathNot: '^crypto$' },
    },
    {
      name: 'products-do-not-import-dev-tooling',
      comment: 'Product code never imports scripts/, bench/ or test/.',
      severity: 'error',
      from: { pathNot: '^(scripts|bench|test)/' },
      to: { path: '^(scripts|bench|test)/' },
    },
    ...partRules,
    ...packageRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|\\.local|\\.venv|engine/dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
