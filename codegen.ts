import type { CodegenConfig } from '@graphql-codegen/cli';

// Types the @cloud-accounts/client package's operations (client/operations, one per file), and the
// /account app's in web/account/src/operations, against the committed schema.graphql;
// `npm run typecheck` then compiles client/, so an operation the schema no longer supports fails CI.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'client/generated/': {
      documents: ['client/operations/**/*.graphql'],
      preset: 'client',
      // No fragments in the operations, so no masking helpers in the package's API.
      presetConfig: { fragmentMasking: false },
      config: {
        // The package's build is a plain tsc emit that Node's ESM loader runs: imports need `.js`.
        importExtension: '.js',
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
