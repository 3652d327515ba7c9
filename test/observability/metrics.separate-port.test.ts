import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/postgres-server.js';
import { startService, stopServices, tempDataDir, withMigratedPglite } from '../support/service-process.js';

// The real process (src/main.ts): METRICS_PORT moves /metrics to a listener of its own.

afterAll(() => stopServices());

describe('METRICS_PORT in the running service', () => {
  // A real process start: generous on a loaded machine (the suite's default is 30 s).
  it('serves /metrics on that port only', { timeout: 120_000 }, async () => {
    const metricsPort = await freePort();
    const dataDir = tempDataDir();
    await withMigratedPglite(dataDir);
    const service = await startService({ METRICS_PORT: String(metricsPort) }, dataDir);
    expect((await service.call('GET', '/metrics')).status).toBe(404);
    const reply = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(reply.status).toBe(200);
    expect(await reply.text()).toMatch(/^http_requests_total\{method="GET",route="\/readyz",status="200"\} \d+$/m);
  });
});
