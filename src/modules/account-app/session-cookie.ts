import type { Config } from '../../config.js';
import type { RequestContext } from '../../graphql/context.js';
import { errorResponse, json } from '../../http/responses.js';
import { DomainError } from '../../shared/errors.js';
import type { Services } from '../../services.js';
import type { AuthMethod } from '../sessions/session.types.js';

export const SESSION_COOKIE_PATH = '/account/session';
const COOKIE = 'account_session';
/** The cookie outlives a token; the session itself still expires unless a refresh extends it. */
const COOKIE_TTL_SECONDS = 30 * 24 * 3600;
const CSRF_HEADER = 'x-requested-with';
const CSRF_VALUE = 'account-app';

/**
 * "Keep me signed in" for the /account app. The access token lives in the page's memory; this
 * HttpOnly cookie (scoped to /account/session, SameSite=Strict) names the session and is honoured
 * by these three endpoints only:
 * - POST /account/session/keep (Bearer access token): sets the cookie for the token's session;
 * - POST /account/session/refresh: a fresh access token for the cookie's session, if it is live;
 * - POST /account/session/end: ends the cookie's session and clears the cookie.
 * Each needs `X-Requested-With: account-app` (a cross-site form or image cannot send it, and a
 * cross-site fetch with it needs a CORS preflight this path never grants) and an Origin equal to
 * PUBLIC_URL's: a cross-site request is refused before the cookie is read.
 * They mint tokens, so they count against RATE_LIMIT_TOKEN per IP, and each call that names a
 * live session joins its owner's audit trail like any other call.
 */
export async function sessionCookieEndpoint(
  request: Request,
  path: string,
  config: Config,
  services: Services,
  context: RequestContext,
): Promise<Response> {
  if (request.method !== 'POST') return errorResponse('NotFound');
  const action = path.slice(SESSION_COOKIE_PATH.length + 1);
  if (!['keep', 'refresh', 'end'].includes(action)) return errorResponse('NotFound');
  context.route = path;
  const origin = request.headers.get('origin');
  if (request.headers.get(CSRF_HEADER) !== CSRF_VALUE || origin !== new URL(config.PUBLIC_URL).origin) {
    return errorResponse('Forbidden', 'Cross-site request refused: send X-Requested-With from this origin.');
  }
  try {
    if (services.abuse.enabled) await services.abuse.limitIp('RATE_LIMIT_TOKEN', context.clientIp);
    if (action === 'keep') return await keep(request, services, context);
    const session = await cookieSession(request, services);
    context.attribution.userId = session.userId;
    if (action === 'refresh') {
      const signed = await services.login.reissue(session.user, {
        id: session.id,
        method: session.method as AuthMethod,
      });
      return json({ accessToken: signed.token, expiresAt: signed.expiresAt.toISOString() });
    }
    await services.sessions.end(session.user.id, session.id).catch(() => undefined);
    return new Response(null, { status: 204, headers: { 'set-cookie': clearCookie() } });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // A cookie that no longer works is cleared, so the app stops offering it; one refused for the
    // rate limit still works later.
    const response = errorResponse(error.code, error.message, error.retryAfter);
    if (action !== 'keep' && error.code !== 'TooManyRequests') response.headers.set('set-cookie', clearCookie());
    return response;
  }
}

async function keep(request: Request, services: Services, context: RequestContext): Promise<Response> {
  const bearer = /^Bearer (\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!bearer) throw new DomainError('Unauthenticated');
  const claims = await services.tokens.verify('account', bearer);
  const session = claims.sid ? await services.sessions.findLive(claims.sid) : undefined;
  if (!session || session.userId !== claims.sub || session.user.disabledAt) throw new DomainError('InvalidToken');
  context.attribution.userId = session.userId;
  const cookie = await services.tokens.sign('accountCookie', session.userId, COOKIE_TTL_SECONDS, { sid: session.id });
  const attributes = `Path=${SESSION_COOKIE_PATH}; Max-Age=${COOKIE_TTL_SECONDS}; HttpOnly; Secure; SameSite=Strict`;
  return new Response(null, { status: 204, headers: { 'set-cookie': `${COOKIE}=${cookie.token}; ${attributes}` } });
}

async function cookieSession(request: Request, services: Services) {
  const value = (request.headers.get('cookie') ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
  if (!value) throw new DomainError('Unauthenticated');
  const claims = await services.tokens.verify('accountCookie', value);
  const session = claims.sid ? await services.sessions.findLive(claims.sid) : undefined;
  // Ended, expired, another user's, or a disabled account: the cookie is dead.
  if (!session || session.userId !== claims.sub || session.user.disabledAt) throw new DomainError('InvalidToken');
  return session;
}

function clearCookie(): string {
  return `${COOKIE}=; Path=${SESSION_COOKIE_PATH}; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;
}
