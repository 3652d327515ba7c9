import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** One GraphQL error as the service reports it: `code` is its ErrorCode (docs/api.md). */
export interface GraphQLErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * The operation failed: `code` and `message` are the first error's (for example
 * `InvalidCredentials`, `TwoFactorRequired`), `errors` holds them all and `status` is the HTTP status.
 */
export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError';
  readonly code: string;
  constructor(
    readonly errors: readonly GraphQLErrorEntry[],
    readonly status: number,
  ) {
    super(errors[0]?.message ?? `HTTP ${status}`);
    this.code = errors[0]?.extensions?.code ?? 'UnknownError';
  }
}

export interface RequestOptions {
  /** An account access token, sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Another fetch (a test's in-process app, a polyfill); the global fetch otherwise. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/**
 * Runs one typed operation against `endpoint` (the service's `/graphql` URL). The variables and
 * the result are the document's own types, so code that uses an operation the schema no longer
 * supports stops compiling. Throws GraphQLRequestError when the service answers with errors.
 */
export async function request<Result, Variables>(
  endpoint: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  options: RequestOptions = {},
): Promise<Result> {
  const response = await (options.fetch ?? fetch)(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...options.headers,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
    signal: options.signal,
  });
  let body: { data?: Result | null; errors?: GraphQLErrorEntry[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError([{ message: `not a GraphQL response (HTTP ${response.status})` }], response.status);
  }
  if (body.errors?.length) throw new GraphQLRequestError(body.errors, response.status);
  if (body.data == null) throw new GraphQLRequestError([{ message: 'no data in the response' }], response.status);
  return body.data;
}
