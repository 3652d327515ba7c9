import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { gql, rest } from '../support/http.js';

// Threat: a raw path or a caller-chosen name as a metric label leaks credentials to whoever reads
// /metrics (a verification token in PUT /users/:id/token/:token) and lets any caller mint
// unbounded time series (a new label value per URL or operation name) until the scraper falls over.

const t = useTestApp();

describe('metric labels', () => {
  it('name the route template, never the token or id in the path', async () => {
    const token = 'tok3nS3cretValue0123456789abcdef';
    await rest(t.app, 'PUT', `/users/user-00000000-0000-4000-8000-000000000000/token/${token}`);
    const text = (await rest(t.app, 'GET', '/metrics')).text;
    expect(text).toContain('route="/users/:userId/token/:token"');
    expect(text).not.toContain(token);
    expect(text).not.toContain('user-00000000');
  });

  it('put every unknown path under one "unmatched" label', async () => {
    for (let i = 0; i < 20; i++) await rest(t.app, 'GET', `/random-${i}-${'x'.repeat(i)}`);
    const text = (await rest(t.app, 'GET', '/metrics')).text;
    expect(text).not.toMatch(/random-/);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status="404"\} 20$/m);
  });

  it('name GraphQL root fields, never aliases or operation names the caller chose', async () => {
    await gql(t.app, 'query CallerChosenName { aliasChosenByCaller: __typename }');
    const text = (await rest(t.app, 'GET', '/metrics')).text;
    expect(text).toMatch(/graphql_operations_total\{type="query",field="__typename",outcome="ok"\} 1/);
    expect(text).not.toContain('CallerChosenName');
    expect(text).not.toContain('aliasChosenByCaller');
  });
});
