import type { CodegenConfig } from '@graphql-codegen/cli';

// Types the example client operations in client/operations, and the /account app's in
// web/account/src/operations, against the committed schema.graphql;
// `npm run typecheck` then compiles client/*.ts, so an operation the schema no longer supports fails CI.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'client/generated/': {
      documents: ['client/operations/**/*.graphql'],
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', EmailAddress: 'string', UUID: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
    // The /account app: string documents (no graphql-js in the browser bundle), one per file.
    'web/account/src/generated/': {
      documents: ['web/account/src/operations/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', EmailAddress: 'string', UUID: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
  silent: true,
};

export default config;
