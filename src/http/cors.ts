/**
 * CORS for REST and /graphql alike, from one allow-list (CORS_ORIGINS). Nothing is allowed by
 * default: a browser page may call this API from another origin only when the operator listed
 * that origin. Credentials are bearer tokens a page sends on purpose, never ambient cookies, so
 * Access-Control-Allow-Credentials is never sent.
 */
export interface Cors {
  /** The answer to a CORS preflight (204, allowed or not), or undefined for any other request. */
  preflight(request: Request, method: string): Response | undefined;
  /** Adds the CORS headers an actual (non-preflight) response needs. */
  decorate(request: Request, headers: Headers): void;
}

const METHODS = 'GET, HEAD, POST, PUT, DELETE';
// What a page may read besides the CORS-safelisted headers: paging, request ids, limits, challenges.
const EXPOSED = 'Link, X-Next-Cursor, X-Request-Id, Retry-After, WWW-Authenticate';
const MAX_AGE_SECONDS = '600';
// Header names a listed origin may ask to send (RFC 9110 token characters).
const HEADER_LIST = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

/** `scheme://host[:port]` as browsers send it in Origin: no path, no trailing slash. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

/** The comma-separated CORS_ORIGINS value as a list; blanks are dropped. */
export function originList(value: string): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

export function createCors(origins: readonly string[]): Cors {
  const allowed = new Set(origins);
  const listed = (request: Request): string | undefined => {
    const origin = request.headers.get('origin');
    return origin !== null && allowed.has(origin) ? origin : undefined;
  };
  return {
    preflight(request, method) {
      if (method !== 'OPTIONS' || !request.headers.has('access-control-request-method')) return undefined;
      const headers = new Headers({ vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' });
      const origin = listed(request);
      if (origin) {
        headers.set('access-control-allow-origin', origin);
        headers.set('access-control-allow-methods', METHODS);
        const asked = request.headers.get('access-control-request-headers')?.trim();
        if (asked && HEADER_LIST.test(asked)) headers.set('access-control-allow-headers', asked);
        headers.set('access-control-max-age', MAX_AGE_SECONDS);
      }
      return new Response(null, { status: 204, headers });
    },
    decorate(request, headers) {
      // Every answer may differ by Origin, so shared caches must key on it.
      if (!/(^|,)\s*origin\s*(,|$)/i.test(headers.get('vary') ?? '')) headers.append('vary', 'Origin');
      const origin = listed(request);
      if (!origin) return;
      headers.set('access-control-allow-origin', origin);
      headers.set('access-control-expose-headers', EXPOSED);
    },
  };
}
