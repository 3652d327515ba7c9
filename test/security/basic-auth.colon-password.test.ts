import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { rest, signUpVerified, uniqueEmail } from '../support/http.js';

// HTTP Basic joins user name and password with a colon; only the user name cannot hold one
// (RFC 7617), so the split is at the FIRST colon and the password keeps every later one.

const t = useTestApp();

const basic = (raw: string) => ({ authorization: `Basic ${Buffer.from(raw, 'utf8').toString('base64')}` });

describe('POST /auth with a password containing colons', () => {
  for (const password of ['pa:ss:w0rd!', ':leading!Colon1', 'trailing!Colon1:', '::both!ends::', 'p@ss:wörd:ünï!']) {
    it(`logs in with ${JSON.stringify(password)}, by email and by user id`, async () => {
      const user = await signUpVerified(t, uniqueEmail('colon'), password);
      for (const username of [user.email, user.id]) {
        const reply = await rest(t.app, 'POST', '/auth', { headers: basic(`${username}:${password}`) });
        expect(reply.status, username).toBe(200);
        expect(reply.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
        const me = await rest(t.app, 'GET', '/users/me', { token: reply.body.accessToken });
        expect(me.body.id).toBe(user.id);
      }
    });
  }

  it('refuses the same password cut at a colon, or with a colon added', async () => {
    const password = 'abc:def!ghi';
    const user = await signUpVerified(t, uniqueEmail('colon'), password);
    for (const wrong of ['abc', 'def!ghi', 'abc:def!ghi:', ':abc:def!ghi']) {
      const reply = await rest(t.app, 'POST', '/auth', { headers: basic(`${user.email}:${wrong}`) });
      expect(reply.status, wrong).toBe(401);
      expect(reply.body.code).toBe('InvalidCredentials');
    }
  });

  it('answers 401 InvalidCredentials for Basic credentials without any colon, or not base64', async () => {
    for (const authorization of [
      `Basic ${Buffer.from('no-colon-at-all').toString('base64')}`,
      'Basic !!!not-base64!!!',
      'Basic ',
      'Bearer something',
    ]) {
      const reply = await rest(t.app, 'POST', '/auth', { headers: { authorization } });
      expect(reply.status, authorization).toBe(401);
      expect(reply.body.code, authorization).toBe('InvalidCredentials');
    }
  });
});
