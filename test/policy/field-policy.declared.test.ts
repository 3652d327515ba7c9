import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { rootFields } from '../../src/graphql/policy/field-policy.js';

// Threat: a root field added without a policy (or with a half-filled one) would run unguarded:
// no rate limit, no authentication, nobody's audit trail. Every field must say what guards it.

const fields = rootFields(schema);

// An API-key session (no password, no second factor) must not take over the account.
const PASSWORD_STRENGTH = [
  'changePassword',
  'createClientKey',
  'deleteMyAccount',
  'disableTwoFactor',
  'enableTwoFactor',
  'rotateApiKey',
  'setupTwoFactor',
];

describe('every Query and Mutation field declares its policy', () => {
  it('finds the root fields', () => {
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['me', 'login', 'changePassword']));
  });

  it.each(fields.map((f) => [f.name, f] as const))('%s has a complete policy', (_name, { policy }) => {
    expect(policy).toBeDefined();
    expect(['anyone', 'account', 'admin']).toContain(policy!.caller);
    expect(['any', 'password']).toContain(policy!.strength);
    expect(typeof policy!.guess).toBe('boolean');
    expect(policy!.limit === null || /^RATE_LIMIT_[A-Z_]+$/.test(policy!.limit)).toBe(true);
    expect(policy!.audit).toBeDefined();
    // The caller's trail needs a caller, and strength is a property of an account session.
    if (policy!.audit === 'caller' || policy!.strength === 'password') {
      expect(['account', 'admin']).toContain(policy!.caller);
    }
    // An administrator's power must not be reachable from an API-key session.
    if (policy!.caller === 'admin') expect(policy!.strength).toBe('password');
    if (policy!.lockout) expect(policy!.guess).toBe(true);
  });

  it('only a password session may change the password, 2FA, the API key or client keys, or delete the account', () => {
    const strong = fields
      .filter((f) => f.policy?.strength === 'password' && f.policy.caller !== 'admin')
      .map((f) => f.name);
    expect(strong.sort()).toEqual(PASSWORD_STRENGTH);
  });
});
