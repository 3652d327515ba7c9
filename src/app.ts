import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { RequestContext } from './graphql/context.js';
import { GRAPHIQL_ASSET_PREFIX, serveGraphiQLAsset } from './graphql/graphiql/index.js';
import { createGraphQLServer, type GraphQLServer } from './graphql/yoga.js';
import { createCors, originList } from './http/cors.js';
import { errorResponse, json } from './http/responses.js';
import { RestShim } from './rest/shim.js';
import { createDocs } from './openapi/serve.js';
import { routes } from './rest/routes.js';
import { createServices, type Services } from './services.js';
import { createOAuthEndpoints, oauthOptions } from './modules/oauth/oauth.endpoints.js';
import { AccountApp } from './modules/account-app/account-app.js';
import { isDatabaseUnavailable } from './db/availability.js';
import type { Logger } from './shared/logger.js';
import { redactedPath } from './shared/redacted-path.js';
import { requestScope } from './shared/request-scope.js';
import { recordResponse } from './modules/events/request-event.js';
import { routeLabel } from './observability/http.js';
import { createMetrics, type AppMetrics } from './observability/metrics.js';
import { metricsResponse } from './observability/metrics-server.js';
import { endRequestSpan, inSpan, startRequestSpan } from './observability/tracing.js';

export interface App {
  /** Handles one request; tests call this in-process. */
  fetch(request: Request, context?: Partial<RequestContext> & { originalMethod?: string }): Promise<Response>;
  services: Services;
  yoga: GraphQLServer;
  /** Prometheus metrics (undefined when METRICS_ENABLED is off); main.ts serves them on METRICS_PORT. */
  metrics?: AppMetrics;
  /** Stops background work (flushes what must be flushed); the database stays open. */
  close(): Promise<void>;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;
const READY_TIMEOUT_MS = 2000;

export async function createApp(config: Config, db: Database, logger: Logger): Promise<App> {
  const services = await createServices(config, db, logger);
  const metrics = config.METRICS_ENABLED ? createMetrics(services, db) : undefined;
  const yoga = createGraphQLServer(services, metrics ? [metrics.graphqlPlugin()] : []);
  const shim = new RestShim(routes, yoga, config.REQUEST_BODY_LIMIT_BYTES, logger);
  const oauth = createOAuthEndpoints(yoga, oauthOptions(config), logger);
  const cors = createCors(originList(config.CORS_ORIGINS));
  services.retention.start();
  services.webhookWorker.start();
  const recordEvent = services.events.record.bind(services.events);
  const accountApp = new AccountApp(config, services);
  const docs = createDocs(config.PUBLIC_URL);

  async function route(request: Request, method: string, path: string, context: RequestContext): Promise<Response> {
    if (path === '/graphql') return yoga.fetch(request, context);
    if (AccountApp.handles(path)) return accountApp.respond(request, method, path, context);
    if (method === 'GET' || method === 'HEAD') {
      if (path === '/') return json({ status: 'ok', service: config.SERVICE_NAME });
      if (path === '/healthz') return json({ status: 'ok' });
      if (path.startsWith(GRAPHIQL_ASSET_PREFIX)) return serveGraphiQLAsset(request, path);
      if (docs.handles(path)) return docs.respond(request, path, context);
      if (path === '/metrics' && metrics && !config.METRICS_PORT) return metricsResponse(metrics);
      if (path === '/readyz') return readiness(db);
      if (path === '/.well-known/jwks.json') {
        return json({ keys: services.keys.publicJwks() }, 200, { 'cache-control': 'public, max-age=300' });
      }
    }
    return oauth.handle(request, method, path, context) ?? shim.handle(request, method, path, context);
  }

  async function handle(
    request: Request,
    extra: Partial<RequestContext> & { originalMethod?: string } = {},
  ): Promise<Response> {
    const given = request.headers.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const context: RequestContext = {
      requestId,
      clientIp: extra.clientIp ?? 'unknown',
      attribution: {},
      operationNames: [],
    };
    const method = extra.originalMethod ?? request.method;
    const started = performance.now();
    const startTime = new Date();
    return requestScope.run({ requestId }, async () => {
      const span = startRequestSpan(request, method);
      let response: Response;
      let path = '/';
      try {
        path = new URL(request.url).pathname;
        response = cors.preflight(request, method) ?? (await inSpan(span, () => route(request, method, path, context)));
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          logger.warn({ err: error }, 'database unavailable');
          response = errorResponse('ServiceUnavailable');
        } else {
          logger.error({ err: error }, 'unhandled error');
          response = errorResponse('InternalError');
        }
      }
      response.headers.set('x-request-id', requestId);
      setSecurityHeaders(response.headers);
      cors.decorate(request, response.headers);
      const outcome = { route: routeLabel(path, context), status: response.status };
      endRequestSpan(span, method, outcome);
      metrics?.observeRequest(method, outcome.route, outcome.status, (performance.now() - started) / 1000);
      // The path can carry a credential (PUT /users/:id/token/:token): log and audit the same redacted form.
      const shown = redactedPath(path, context.route);
      logger.info(
        { method, path: shown, status: response.status, ms: Math.round(performance.now() - started) },
        'request',
      );
      // The audit event is queued once the body has gone out; the request never waits for it.
      if (!config.EVENTS_ENABLED) return response;
      return recordResponse(response, { method, path: shown, startTime, context }, config.SERVICE_NAME, recordEvent);
    });
  }

  return {
    fetch: handle,
    services,
    yoga,
    metrics,
    close: async () => {
      // Queued audit events are written before main.ts closes the database.
      await services.retention.stop();
      await services.webhookWorker.stop();
      await services.events.close();
      // Reset mails already promised to a caller go out before the mail transport closes.
      await services.background.drain();
      services.mailer.close();
      services.keys.close();
    },
  };
}

/**
 * On every answer, errors and 404s included. Tokens, client secrets, the API key and 2FA secrets
 * travel in REST and GraphQL bodies, so nothing may be stored by a browser or shared cache unless
 * the handler chose its own caching (the public JWKS does).
 */
function setSecurityHeaders(headers: Headers): void {
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'no-referrer');
}

async function readiness(db: Database): Promise<Response> {
  try {
    await Promise.race([
      db.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS).unref()),
    ]);
    return json({ status: 'ready' });
  } catch {
    return json({ status: 'unavailable' }, 503);
  }
}
