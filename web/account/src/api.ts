import type { TypedDocumentString } from './generated/graphql';

/** A GraphQL error the page can show: the service's error code and its message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// The access token lives in this module's memory only: never in localStorage or a readable
// cookie, so a script injected later cannot read one left behind, and a reload signs out.
let accessToken: string | undefined;

export function setAccessToken(token: string | undefined): void {
  accessToken = token;
}

export function hasAccessToken(): boolean {
  return accessToken !== undefined;
}

/** Runs one typed operation against /graphql; the types come from graphql-codegen. */
export async function call<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables?: Variables,
): Promise<Result> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('NetworkError', 'The service cannot be reached. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: Result | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.extensions?.code ?? 'Error', first.message);
  if (!body.data) throw new ApiError('Error', `The service answered ${response.status}.`);
  return body.data;
}

export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
}

/**
 * The "keep me signed in" cookie endpoints. The cookie is HttpOnly: this code never sees it, the
 * browser sends it to /account/session only. The custom header is the CSRF guard the server checks.
 */
export async function sessionCookie(action: 'keep' | 'refresh' | 'end'): Promise<boolean> {
  const response = await fetch(`/account/session/${action}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'x-requested-with': 'account-app',
      ...(action === 'keep' && accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
  }).catch(() => undefined);
  if (!response?.ok) return false;
  if (action === 'refresh') setAccessToken(((await response.json()) as { accessToken: string }).accessToken);
  return true;
}
