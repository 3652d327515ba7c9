import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { PASSWORD, rest, signUpVerified, uniqueEmail } from '../support/http.js';

// The route schemas parse every body: a wrong type is still 400 InvalidInput naming the field
// (never a 500, never the value sent back), and members no schema names are still ignored.
const t = useTestApp();

describe('REST bodies parsed by the route schemas', () => {
  it('names the missing or mistyped field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ password: PASSWORD }, /^email is required and must be a string\.$/],
      [{ email: 5, password: PASSWORD }, /^email must be a string\.$/],
      [{ email: uniqueEmail(), password: PASSWORD, billingAddress: [] }, /^billingAddress must be an object\.$/],
      [{ email: uniqueEmail(), password: PASSWORD, billingAddress: { zipCode: 12345 } }, /^billingAddress\.zipCode /],
    ];
    for (const [body, message] of cases) {
      const reply = await rest(t.app, 'POST', '/users', { body });
      expect([reply.status, reply.body.code], JSON.stringify(body)).toEqual([400, 'InvalidInput']);
      expect(reply.body.message).toMatch(message);
    }
  });

  it('takes null for an optional field and ignores unknown fields', async () => {
    const email = uniqueEmail();
    const reply = await rest(t.app, 'POST', '/users', {
      body: { email, password: PASSWORD, displayName: null, favouriteColour: 'green', billingAddress: null },
    });
    expect(reply.status).toBe(201);
    expect(Object.keys(reply.body)).not.toContain('favouriteColour');
  });

  it('takes a six-digit number as a two-factor code, refuses other numbers and types', async () => {
    const user = await signUpVerified(t);
    for (const code of [1_000_000, 1.5, true, {}]) {
      const reply = await rest(t.app, 'POST', '/api/auth/verify2FA', { token: user.token, body: { code } });
      expect([reply.status, reply.body.code], String(code)).toEqual([400, 'InvalidInput']);
      expect(reply.body.message).toMatch(/^code must be /);
    }
    // A well-formed number reaches the operation: no setup was started, so that is its refusal.
    const number = await rest(t.app, 'POST', '/api/auth/verify2FA', { token: user.token, body: { code: 123 } });
    expect(number.body.code).toBe('TwoFactorSetupRequired');
  });

  it('an unknown grantType string is UnsupportedGrantType, a non-string is InvalidInput', async () => {
    const unknown = await rest(t.app, 'POST', '/auth/token', { body: { grantType: 'password' } });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'UnsupportedGrantType']);
    const number = await rest(t.app, 'POST', '/auth/token', { body: { grantType: 7 } });
    expect([number.status, number.body.code, number.body.message]).toEqual([
      400,
      'InvalidInput',
      'grantType must be a string.',
    ]);
  });
});
