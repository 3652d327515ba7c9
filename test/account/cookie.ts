import type { TestApp } from '../support/app.js';

export const SAME_ORIGIN = { 'x-requested-with': 'account-app' };

/** POST to a /account/session endpoint, from the service's own origin unless `headers` say otherwise. */
export async function cookiePost(
  t: TestApp,
  action: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; setCookie: string | null }> {
  const response = await t.app.fetch(
    new Request(`http://localhost/account/session/${action}`, {
      method: 'POST',
      headers: { origin: new URL(t.config.PUBLIC_URL).origin, ...SAME_ORIGIN, ...headers },
    }),
    { clientIp: '127.0.0.1' },
  );
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    setCookie: response.headers.get('set-cookie'),
  };
}

/** The cookie pair (`name=value`) a Set-Cookie header sets. */
export function cookiePair(setCookie: string | null): string {
  const pair = setCookie?.split(';')[0];
  if (!pair) throw new Error('no Set-Cookie');
  return pair;
}
