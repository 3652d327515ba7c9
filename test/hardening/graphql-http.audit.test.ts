import { serverAudits, type AuditResult } from 'graphql-http';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';

/**
 * The GraphQL-over-HTTP spec audits from graphql-http, run against /graphql through app.fetch.
 * Every MUST and every SHOULD passes. The only audits not "ok" are these MAYs, all GETs that CSRF
 * prevention refuses because they lack the x-graphql-yoga-csrf header (README explains).
 */
const EXPECTED_NOTICES = ['5A70', 'D6D5', '6A70'];

const t = useTestApp();
let results: AuditResult[];
beforeAll(async () => {
  const audits = serverAudits({
    url: 'http://localhost/graphql',
    fetchFn: (input: RequestInfo, init?: RequestInit) =>
      t.app.fetch(new Request(input, init), { clientIp: '127.0.0.1' }),
  });
  results = [];
  for (const audit of audits) results.push(await audit.fn());
});

const describeFailure = (r: AuditResult) => (r.status === 'ok' ? '' : `${r.id} ${r.name}: ${r.reason}`);

describe('GraphQL over HTTP compliance (graphql-http server audits)', () => {
  it('runs the whole audit list', () => {
    expect(results.length).toBeGreaterThan(50);
  });

  it('every MUST passes', () => {
    const failed = results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok');
    expect(failed.map(describeFailure)).toEqual([]);
  });

  it('every SHOULD passes (none declined)', () => {
    const failed = results.filter((r) => r.name.startsWith('SHOULD') && r.status !== 'ok');
    expect(failed.map(describeFailure)).toEqual([]);
  });

  it('the only MAYs not met are the header-less GETs CSRF prevention refuses', () => {
    const notMet = results.filter((r) => r.status !== 'ok');
    expect(notMet.map((r) => r.id).sort()).toEqual([...EXPECTED_NOTICES].sort());
    for (const r of notMet) expect(r.name).toMatch(/GET/);
  });
});
