import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/postgres-server.js';
import { startService, stopServices } from '../support/service-process.js';

// The real process (src/main.ts): METRICS_PORT moves /metrics to a listener of its own.

afterAll(() => stopServices());

describe('METRICS_PORT in the running service', () => {
  it('serves /metrics on that port only', async () => {
    const metricsPort = await freePort();
    const service = await startService({ METRICS_PORT: String(metricsPort) });
    expect((await service.call('GET', '/metrics')).status).toBe(404);
    const reply = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(reply.status).toBe(200);
    expect(await reply.text()).toMatch(/^http_requests_total\{method="GET",route="\/readyz",status="200"\} \d+$/m);
  });
});
