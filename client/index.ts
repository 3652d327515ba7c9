// The package's entry point: every operation as a typed document (LoginDocument, MeDocument, …)
// with its result and variables types (LoginMutation, LoginMutationVariables, …), the schema's
// input and enum types, `graphql()` for looking a document up by its text, and request().
export * from './generated/graphql.js';
export { graphql } from './generated/gql.js';
export * from './request.js';
