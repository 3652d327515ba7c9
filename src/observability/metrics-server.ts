import { createServer, type Server } from 'node:http';
import type { AppMetrics } from './metrics.js';

/**
 * /metrics on a port of its own (METRICS_PORT), e.g. one only the monitoring network reaches;
 * the main port then has no /metrics. Every other path is a 404.
 */
export function createMetricsServer(metrics: AppMetrics): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ code: 'NotFound', message: 'There is nothing at this path.' }));
      return;
    }
    metrics.render().then(
      ({ body, contentType }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ code: 'InternalError', message: 'Metrics could not be collected.' }));
      },
    );
  });
}

/** The /metrics answer on the main port. */
export async function metricsResponse(metrics: AppMetrics): Promise<Response> {
  const { body, contentType } = await metrics.render();
  return new Response(body, { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
