/**
 * The layering rule of architecture.md, checked in `npm test` (tests/unit/layers.test.ts):
 * domain imports nothing of ours; store imports domain; api imports domain and the store's
 * types; web imports domain only; entries (handlers, local, infra) and tests import anything.
 * Only the store talks to DynamoDB. A layer reaches another only through its
 * package.json `imports` alias (#domain, #store/…), never by ../../.. paths.
 */
const LAYERS = '^(functions/(domain|store|api|handlers|local)|web/src|infra)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'functions/domain is pure TypeScript: it imports nothing of ours outside itself, and no hono or AWS SDK.',
      severity: 'error',
      from: { path: '^functions/domain/' },
      to: { pathNot: ['^functions/domain/', 'node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'store-imports-domain-only',
      comment: 'functions/store may import the domain, never the API, the entries or the web.',
      severity: 'error',
      from: { path: '^functions/store/' },
      to: { path: '^(functions/(api|handlers|local)|web|infra|tests)/' },
    },
    {
      name: 'api-imports-domain-and-store-types',
      comment: 'functions/api sees the store only through its port (functions/store/types.ts).',
      severity: 'error',
      from: { path: '^functions/api/' },
      to: { path: '^(functions/(handlers|local)|web|infra|tests)/|^functions/store/(?!types\\.ts$)' },
    },
    {
      name: 'web-imports-domain-only',
      comment: 'The dashboard shares the domain with the server and nothing else.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^(functions/(store|api|handlers|local)|infra|tests)/' },
    },
    {
      name: 'only-the-store-talks-to-dynamodb',
      comment: 'functions/store is the only code that imports the AWS SDK for DynamoDB.',
      severity: 'error',
      from: { path: '^(functions/(domain|api|handlers|local)|web/src)/' },
      to: { path: 'node_modules/@aws-sdk/(client-dynamodb|lib-dynamodb)/' },
    },
    {
      name: 'layers-meet-through-aliases',
      comment: 'Cross a layer with its package.json alias (#domain, #store/types…), never with ../../..',
      severity: 'error',
      from: { path: LAYERS },
      to: { path: LAYERS, pathNot: '^$1/', dependencyTypesNot: ['aliased-subpath-import'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|cdk\\.out|\\.data)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.svelte', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
