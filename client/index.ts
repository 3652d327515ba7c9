// The package's entry point: every operation as a typed document (LoginDocument, MeDocument, …)
// with its result and variables types (LoginMutation, LoginMutationVariables, …), the schema's
// input and enum types, `graphql()` for looking a document up by its text, and request();
// and the typed REST client (createRestClient) over the types generated from openapi.json.
export * from './generated/graphql.js';
export { graphql } from './generated/gql.js';
export * from './request.js';
export * from './rest/index.js';
