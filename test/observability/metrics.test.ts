import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createMetricsServer } from '../../src/observability/metrics-server.js';
import { failLogins, freshIp } from '../support/abuse.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { gql, rest, signUpVerified } from '../support/http.js';

let t: TestApp;
beforeAll(async () => {
  // Two failures lock the account for that IP, so a lockout and a refusal are cheap to cause.
  t = await createTestApp({ LOGIN_LOCKOUT_THRESHOLD: '2' });
});
afterAll(() => t.close());

async function scrape(app = t.app): Promise<string> {
  const reply = await rest(app, 'GET', '/metrics');
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return reply.text;
}

/** The value of one sample, e.g. value(text, 'login_failures_total'), or undefined when absent. */
function value(text: string, sample: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

describe('/metrics on the service port', () => {
  it('counts requests by route template and status, with a latency histogram', async () => {
    await rest(t.app, 'GET', '/healthz');
    await rest(t.app, 'GET', '/users/me');
    const text = await scrape();
    expect(value(text, 'http_requests_total{method="GET",route="/healthz",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'http_requests_total{method="GET",route="/users/me",status="401"}')).toBe(1);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0.05",method="GET",route="\/healthz"\} \d+$/m);
    expect(value(text, 'http_request_duration_seconds_count{method="GET",route="/users/me"}')).toBe(1);
  });

  it('counts GraphQL operations by root field and outcome (REST calls run one too)', async () => {
    const before = await scrape();
    await gql(t.app, '{ __typename }');
    await gql(t.app, '{ me { id } }');
    await rest(t.app, 'GET', '/users/me');
    const text = await scrape();
    const grew = (name: string) => (value(text, name) ?? 0) - (value(before, name) ?? 0);
    expect(grew('graphql_operations_total{type="query",field="__typename",outcome="ok"}')).toBe(1);
    expect(grew('graphql_operations_total{type="query",field="me",outcome="Unauthenticated"}')).toBe(2);
    expect(grew('graphql_operation_duration_seconds_count{type="query",field="me"}')).toBe(2);
  });

  it('counts login failures, lockouts and refusals', async () => {
    const before = await scrape();
    const user = await signUpVerified(t);
    await failLogins(t, user.email, freshIp(), 3);
    const text = await scrape();
    const grew = (name: string) => (value(text, name) ?? 0) - (value(before, name) ?? 0);
    expect(grew('login_failures_total')).toBe(2);
    expect(grew('login_lockouts_total')).toBe(1);
    expect(grew('login_locked_refusals_total')).toBe(1);
  });

  it('shows the audit queue, and process metrics', async () => {
    const text = await scrape();
    expect(value(text, 'audit_events_pending')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'audit_events_dropped_total{reason="queue_full"}')).toBe(0);
    expect(value(text, 'audit_events_dropped_total{reason="write_failed"}')).toBe(0);
    expect(value(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('shows the PostgreSQL pool, and nothing of the kind on PGlite', async () => {
    const text = await scrape();
    if (t.db.kind === 'postgres') {
      expect(value(text, 'db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
      expect(value(text, 'db_pool_waiting_requests')).toBe(0);
      expect(value(text, 'db_pool_max_connections')).toBe(t.config.DATABASE_POOL_SIZE);
    } else {
      expect(text).not.toMatch(/^db_pool_/m);
    }
  });

  it('keeps one registry per app: another app in the process starts from zero', async () => {
    const other = await createTestApp({}, { db: t.db, url: t.url });
    try {
      expect(value(await scrape(other.app), 'http_requests_total{method="GET",route="/healthz",status="200"}')).toBe(
        undefined,
      );
    } finally {
      await other.app.close();
    }
  });
});

describe('METRICS_ENABLED and METRICS_PORT', () => {
  it('default to metrics on, on the main port; a bad value is one config line naming the setting', () => {
    const config = loadConfig({});
    expect(config.METRICS_ENABLED).toBe(true);
    expect(config.METRICS_PORT).toBeUndefined();
    for (const env of [{ METRICS_PORT: '70000' }, { METRICS_PORT: 'abc' }, { METRICS_ENABLED: 'maybe' }]) {
      const error = (() => {
        try {
          loadConfig(env);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).lines).toEqual([expect.stringMatching(new RegExp(`^${Object.keys(env)[0]}: `))]);
    }
  });

  it('METRICS_ENABLED=false: no /metrics at all', async () => {
    const off = await createTestApp({ METRICS_ENABLED: 'false' }, { db: t.db, url: t.url });
    try {
      expect(off.app.metrics).toBeUndefined();
      expect((await rest(off.app, 'GET', '/metrics')).status).toBe(404);
    } finally {
      await off.app.close();
    }
  });

  it('METRICS_PORT: /metrics only on its own listener, not on the main port', async () => {
    const moved = await createTestApp({ METRICS_PORT: '9464' }, { db: t.db, url: t.url });
    const server = createMetricsServer(moved.app.metrics!);
    try {
      expect((await rest(moved.app, 'GET', '/metrics')).status).toBe(404);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const reply = await fetch(`${base}/metrics`);
      expect(reply.status).toBe(200);
      expect(await reply.text()).toMatch(/^# TYPE http_requests_total counter$/m);
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await moved.app.close();
    }
  });
});
