import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { keyHolder } from '../client-keys/support.js';
import { storedEvents, allEventsText } from '../events/helpers.js';
import { oauth } from './support.js';

// Threat: OAuth calls leave no trail (a way around the audit), or leave secrets in it. Each call
// joins the key owner's trail once, as the Bloq path does, naming the key but no secret or token.

const t = useTestApp();

describe('OAuth calls in the audit trail', () => {
  it("grant, introspection and revocation are each one event of the key owner's", async () => {
    const { user, key } = await keyHolder(t);
    const calls: [string, Record<string, string>, string][] = [];
    const grant = await oauth(t.app, '/oauth2/token', { grant_type: 'client_credentials' }, { basic: key });
    calls.push(['/oauth2/token', {}, 'OAuthToken']);
    const tokens = grant.body as { access_token: string; refresh_token: string };
    await oauth(t.app, '/oauth2/introspect', { token: tokens.access_token }, { post: key });
    calls.push(['/oauth2/introspect', {}, 'OAuthIntrospect']);
    await oauth(t.app, '/oauth2/revoke', { token: tokens.refresh_token }, { basic: key });
    calls.push(['/oauth2/revoke', {}, 'OAuthRevoke']);

    await t.app.services.events.flush();
    const events = (await storedEvents(t, user.id))
      .map((event) => event.input as Record<string, unknown>)
      .filter((input) => String(input.path).startsWith('/oauth2/'));
    expect(events.map((input) => input.path).sort()).toEqual(calls.map(([path]) => path).sort());
    for (const [path, , operationName] of calls) {
      expect(events.find((input) => input.path === path)).toEqual({
        method: 'POST',
        path,
        operationName,
        clientKeyId: key.clientId,
      });
    }
    const text = await allEventsText(t);
    for (const secret of [key.clientSecret, tokens.access_token, tokens.refresh_token]) {
      expect(text).not.toContain(secret);
    }
  });
});
