import type { SessionOrigin } from './session.service.js';

/** Where a sign-in came from: the client address the HTTP layer settled on, and its user agent. */
export function sessionOrigin(ctx: { clientIp: string; request: Request }): SessionOrigin {
  return { ip: ctx.clientIp ?? '', userAgent: ctx.request.headers.get('user-agent') ?? '' };
}
