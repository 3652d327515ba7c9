import { readText } from '../../http/body.js';
import { DomainError } from '../../shared/errors.js';
import { OAuthError } from './oauth-error.js';

const FORM_MEDIA_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * The form body of an OAuth request (RFC 6749 section 3.2). These endpoints are the one place a
 * non-JSON body is accepted: OAuth clients send forms, and every one of these calls needs a client
 * secret, so a cross-site form post proves nothing it could not prove anyway. A parameter given
 * twice is refused (section 3.2: "MUST NOT be included more than once").
 */
export async function readForm(request: Request, limit: number): Promise<Map<string, string>> {
  if (!FORM_MEDIA_TYPE.test(request.headers.get('content-type')?.trim() ?? '')) {
    throw new OAuthError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded.');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new DomainError('PayloadTooLarge');
  const text = await readText(
    request,
    limit,
    () => new OAuthError('invalid_request', 'The request body is not valid UTF-8.'),
  );
  const form = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (form.has(name)) throw new OAuthError('invalid_request', `The parameter ${name} was given more than once.`);
    form.set(name, value);
  }
  return form;
}

/** A required, non-empty form parameter, or invalid_request naming it. */
export function requiredParam(form: Map<string, string>, name: string): string {
  const value = form.get(name);
  if (!value) throw new OAuthError('invalid_request', `The parameter ${name} is required.`);
  return value;
}
