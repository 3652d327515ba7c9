import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest } from '../support/http.js';
import { clientCredentials, introspect, keyHolder, refresh, tokensFor, type Holder } from './support.js';

// Threat: someone guesses client secrets. Every wrong guess must get the same 401, whatever was
// wrong (unknown id, wrong secret, deleted key), so nothing narrows the search; the comparison is
// of SHA-256 digests in constant time (ClientKeyService.authenticate); and no secret or token may
// reach the logs, where far more people can read it than the database.

const log: string[] = [];
// The most verbose level, so anything any layer might log is seen.
const t = useTestApp({ LOG_LEVEL: 'trace' }, { logTo: { write: (line: string) => void log.push(line) } });
let holder: Holder;

beforeAll(async () => {
  holder = await keyHolder(t);
});

describe('guessing client secrets', () => {
  it('every kind of wrong guess gets the same 401 InvalidClient', async () => {
    const { clientId, clientSecret } = holder.key;
    const flipped = clientSecret.slice(0, -1) + (clientSecret.endsWith('0') ? '1' : '0');
    const deleted = await keyHolder(t);
    await rest(t.app, 'DELETE', `/users/me/client-keys/${deleted.key.clientId}`, { token: deleted.user.token });
    const guesses = [
      { clientId, clientSecret: flipped },
      { clientId, clientSecret: clientSecret.toUpperCase() },
      { clientId, clientSecret: clientSecret.slice(0, 40) },
      { clientId, clientSecret: `${clientSecret}0` },
      { clientId, clientSecret: 'f'.repeat(10_000) },
      { clientId, clientSecret: '' },
      { clientId: '0'.repeat(40), clientSecret },
      { clientId: 'not-a-client-id', clientSecret },
      deleted.key,
    ];
    const answers = new Set<string>();
    for (const guess of guesses) {
      const reply = await rest(t.app, 'POST', '/auth/token', { body: { grantType: 'clientCredentials', ...guess } });
      if (guess.clientSecret === '') {
        // An empty secret is a malformed request, not a guess.
        expect(reply.status).toBe(400);
        continue;
      }
      expect([reply.status, reply.body.code]).toEqual([401, 'InvalidClient']);
      answers.add(reply.text);
    }
    expect(answers.size).toBe(1);
    // The right secret still works: the guesses did not lock the owner out.
    expect((await clientCredentials(t, holder.key)).status).toBe(200);
  });

  it('introspection answers wrong caller secrets the same way', async () => {
    const { accessToken } = await tokensFor(t, holder.key);
    const wrong = await introspect(t, { clientId: holder.key.clientId, clientSecret: '1'.repeat(80) }, accessToken);
    const unknown = await introspect(
      t,
      { clientId: '1'.repeat(40), clientSecret: holder.key.clientSecret },
      accessToken,
    );
    expect(wrong.status).toBe(401);
    expect(wrong.text).toBe(unknown.text);
  });

  it('never logs or returns a secret or a token', async () => {
    const { user, key } = await keyHolder(t);
    const created = await gql(
      t.app,
      'mutation { createClientKey { clientId clientSecret } }',
      {},
      { token: user.token },
    );
    const second = created.body.data.createClientKey as { clientId: string; clientSecret: string };
    const secrets = [key.clientSecret, second.clientSecret, user.password, user.token];

    const pair = await tokensFor(t, key);
    const next = await refresh(t, pair.refreshToken);
    await clientCredentials(t, { clientId: key.clientId, clientSecret: second.clientSecret });
    await gql(t.app, 'mutation ($input: TokenInput!) { token(input: $input) { accessToken } }', {
      input: { grantType: 'clientCredentials', ...second },
    });
    await introspect(t, second, pair.accessToken);
    // Malformed requests and errors are where bodies tend to get logged.
    await rest(t.app, 'POST', '/auth/token', {
      body: `{"grantType":"clientCredentials","clientSecret":"${key.clientSecret}"`,
    });
    await rest(t.app, 'POST', '/auth/token', { body: { grantType: 'x', clientSecret: key.clientSecret } });
    await gql(t.app, 'mutation ($s: Int!) { token(input: {grantType: clientCredentials}) { accessToken } }', {
      s: key.clientSecret,
    });
    secrets.push(pair.accessToken, pair.refreshToken, next.body.accessToken, next.body.refreshToken);

    const list = await rest(t.app, 'GET', '/users/me/client-keys', { token: user.token });
    const graphList = await gql(t.app, '{ clientKeys { id createdAt lastUsedAt } }', {}, { token: user.token });

    expect(log.length).toBeGreaterThan(10);
    const logged = log.join('\n');
    for (const secret of secrets) {
      expect(logged).not.toContain(secret);
      expect(list.text).not.toContain(secret);
      expect(graphList.text).not.toContain(secret);
    }
  });
});
