// GraphQL Code Generator: the gateway's SDL + the SDK's operations -> typed document strings.
// Run `pnpm --filter @storewise/sdk codegen`; the output is committed.
const config = {
  schema: 'schema.graphql',
  documents: 'src/operations/*.graphql',
  generates: {
    'src/generated/graphql.generated.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        skipTypename: true,
        scalars: {
          DateTimeISO: { input: 'string | Date', output: 'string' },
          JSONObject: { input: 'Record<string, unknown>', output: 'Record<string, unknown>' },
          PageSize: { input: 'number', output: 'number' },
        },
      },
    },
  },
};

export default config;
