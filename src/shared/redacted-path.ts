// One rule for what of a request path may be written down (request log and audit trail alike).

// Route parameters that carry a credential (a verification token, a reset code, an API key).
const SECRET_PARAM = /token|secret|code|password|key|otp|twofa/i;
// Path segments that look like a credential on a path no route matched: a JWS, or a long run
// of hex or base64url characters (UUID-style tokens included).
const SECRET_SEGMENT = /^(?!(?:user|event)-)(?:[\w-]+\.[\w-]+\.[\w-]+|[0-9a-f-]{20,}|[\w-]{32,})$/i;
const MAX_PATH_LENGTH = 512;

/**
 * The path as logged and audited: a route parameter whose name says it is a credential is kept as its
 * placeholder (`/users/u/token/:token`), and on an unmatched path any segment that looks like
 * a credential becomes `:redacted`. Other segments (ids, emails) stay, for the owner to read.
 */
export function redactedPath(path: string, template?: string): string {
  const segments = path.split('/');
  const templateSegments = template?.split('/');
  const redacted = segments.map((segment, i) => {
    const placeholder = templateSegments?.[i];
    if (placeholder?.startsWith(':')) return SECRET_PARAM.test(placeholder) ? placeholder : segment;
    if (templateSegments) return segment;
    return SECRET_SEGMENT.test(segment) ? ':redacted' : segment;
  });
  return redacted.join('/').slice(0, MAX_PATH_LENGTH);
}
