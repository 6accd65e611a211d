import type { CodegenConfig } from '@graphql-codegen/cli';

const shared = {
  useTypeImports: true,
  enumsAsTypes: true,
  scalars: { SafeInt: 'number', DateTimeISO: 'string', JSONObject: 'Record<string, unknown>' },
};

/**
 * Typed documents for the GraphQL operations in test/operations (tests), ui/src/admin/operations (admin UI) and clients/typescript (the client), generated from the committed schema
 * (`npm run codegen`; `npm test` runs it first).
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  generates: {
    'test/generated/': {
      documents: ['test/operations/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: shared,
    },
    'ui/src/admin/generated/': {
      documents: ['ui/src/admin/operations/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      // Plain strings: the browser bundle needs no GraphQL parser.
      config: { ...shared, documentMode: 'string' },
    },
    'clients/typescript/src/generated/': {
      documents: ['clients/typescript/src/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      // Plain strings: the client needs no GraphQL parser, in Node or in a browser.
      config: { ...shared, documentMode: 'string' },
    },
  },
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
};

export default config;
