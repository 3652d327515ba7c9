import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { rest, signUpVerified } from '../support/http.js';
import { registerInMemoryTracing, type FinishedSpan } from './in-memory-tracer.js';

// With an OpenTelemetry SDK registered (here a minimal in-memory one), one REST call yields one
// trace: the HTTP server span, the GraphQL operation inside it, and the database calls inside that.

let tracing: ReturnType<typeof registerInMemoryTracing>;
let t: TestApp;
beforeAll(async () => {
  tracing = registerInMemoryTracing();
  // The database client checks for an SDK when it opens, so the app comes after the registration.
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  tracing?.unregister();
});

function ancestors(span: FinishedSpan, all: FinishedSpan[]): FinishedSpan[] {
  const chain: FinishedSpan[] = [];
  let parent = all.find((s) => s.spanId === span.parentSpanId);
  while (parent) {
    chain.push(parent);
    parent = all.find((s) => s.spanId === parent!.parentSpanId);
  }
  return chain;
}

describe('tracing one request', () => {
  it('GET /users/me: server span > GraphQL operation > database calls, one trace', async () => {
    const user = await signUpVerified(t);
    tracing.provider.finished.length = 0;

    const reply = await rest(t.app, 'GET', '/users/me', { token: user.token });
    expect(reply.status).toBe(200);

    const spans = [...tracing.provider.finished];
    const root = spans.find((s) => s.name === 'GET /users/me')!;
    expect(root).toBeDefined();
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/users/me',
      'http.response.status_code': 200,
    });

    const operation = spans.find((s) => s.name === 'query me')!;
    expect(operation, spans.map((s) => s.name).join(', ')).toBeDefined();
    expect(ancestors(operation, spans)).toContain(root);
    expect(operation.attributes['graphql.operation.type']).toBe('query');

    // Work the request only queued (the audit event's batch insert) runs later, in a trace of its own.
    const queries = spans.filter((s) => s.name.startsWith('prisma ') && s.traceId === root.traceId);
    const shown = spans.map((s) => `${s.name} ${s.spanId} < ${s.parentSpanId}`).join('\n');
    expect(queries.filter((q) => ancestors(q, spans).includes(operation)).length, shown).toBeGreaterThan(0);
    for (const query of queries) expect(ancestors(query, spans), shown).toContain(root);
  });

  it('records no secret: no token, password or document text in any span', async () => {
    const user = await signUpVerified(t);
    tracing.provider.finished.length = 0;
    await rest(t.app, 'GET', '/users/me', { token: user.token });
    const dump = JSON.stringify(tracing.provider.finished);
    expect(dump).not.toContain(user.token);
    expect(dump).not.toContain(user.password);
    expect(dump).not.toMatch(/me\s*\{/);
  });
});
