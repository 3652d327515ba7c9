import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/client.js';
import type { Services } from '../services.js';
import { operationFacts } from './operation.js';

// Seconds; the service answers most calls in milliseconds, an argon2 login in a few hundred.
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What /metrics exposes for one app; each app has its own registry (tests build many per process). */
export interface AppMetrics {
  readonly registry: Registry;
  /** One answered HTTP request; `route` is a template or fixed path, never a raw path. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Counts executed GraphQL operations by root field, type and outcome. */
  graphqlPlugin(): Plugin;
  /** The Prometheus text exposition of this app's metrics and the process's. */
  render(): Promise<{ body: string; contentType: string }>;
}

// Process metrics (CPU, memory, event loop lag, GC) describe the process, not an app, and their
// collectors start observers that are never stopped: one registry for them per process.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(services: Pick<Services, 'abuse' | 'events'>, db: Database): AppMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to its response headers, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'Executed GraphQL operations, once per root field (schema name, not alias), by outcome (ok or the first error code).',
    labelNames: ['type', 'field', 'outcome'] as const,
    registers: [registry],
  });
  const operationSeconds = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL execution time by operation type and root field ("(multiple)" for several).',
    labelNames: ['type', 'field'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  // Counted in plain numbers on the hot path; copied into the registry only when scraped.
  deltaCounter(registry, 'login_failures_total', 'Wrong passwords (or keys) on lockout-guarded logins.', () => {
    return services.abuse.loginStats.failures;
  });
  deltaCounter(registry, 'login_lockouts_total', 'Lockouts started (an account locked for one client IP).', () => {
    return services.abuse.loginStats.lockouts;
  });
  deltaCounter(registry, 'login_locked_refusals_total', 'Login attempts refused while locked out.', () => {
    return services.abuse.loginStats.refused;
  });
  const recorder = services.events.recorder;
  new Gauge({
    name: 'audit_events_pending',
    help: 'Audit events held in memory: queued plus being written.',
    registers: [registry],
    collect() {
      this.set(recorder.stats().pending);
    },
  });
  deltaCounter(registry, 'audit_events_written_total', 'Audit events written to the database.', () => {
    return recorder.stats().written;
  });
  const dropped = new Counter({
    name: 'audit_events_dropped_total',
    help: 'Audit events given up on, by reason (queue_full, write_failed).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const seenDrops = { queue_full: 0, write_failed: 0 };
  dropped.inc({ reason: 'queue_full' }, 0);
  dropped.inc({ reason: 'write_failed' }, 0);
  if (db.poolStats) {
    const poolStats = db.poolStats;
    new Gauge({
      name: 'db_pool_connections',
      help: 'PostgreSQL pool connections by state (total open, idle).',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const stats = poolStats();
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
      },
    });
    new Gauge({
      name: 'db_pool_waiting_requests',
      help: 'Queries waiting for a free PostgreSQL pool connection.',
      registers: [registry],
      collect() {
        this.set(poolStats().waiting);
      },
    });
    new Gauge({
      name: 'db_pool_max_connections',
      help: 'The pool size (DATABASE_POOL_SIZE).',
      registers: [registry],
      collect() {
        this.set(poolStats().max);
      },
    });
  }

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status });
      requestSeconds.observe({ method, route }, seconds);
    },
    graphqlPlugin: () => ({
      onExecute({ args }) {
        const started = performance.now();
        const facts = operationFacts(args.document, args.operationName);
        return {
          onExecuteDone({ result }) {
            const outcome = 'errors' in result && result.errors?.length ? errorOutcome(result.errors[0]) : 'ok';
            for (const field of facts.rootFields) operations.inc({ type: facts.type, field, outcome });
            operationSeconds.observe({ type: facts.type, field: facts.label }, (performance.now() - started) / 1000);
          },
        };
      },
    }),
    async render() {
      const stats = recorder.stats();
      dropped.inc({ reason: 'queue_full' }, stats.droppedQueueFull - seenDrops.queue_full);
      dropped.inc({ reason: 'write_failed' }, stats.droppedWriteFailed - seenDrops.write_failed);
      seenDrops.queue_full = stats.droppedQueueFull;
      seenDrops.write_failed = stats.droppedWriteFailed;
      const own = await registry.metrics();
      return { body: `${own}\n${await processMetrics().metrics()}`, contentType: registry.contentType };
    },
  };
}

/** A counter mirroring a running total kept elsewhere (it only ever grows by the difference). */
function deltaCounter(registry: Registry, name: string, help: string, total: () => number): void {
  let seen = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const now = total();
      if (now > seen) this.inc(now - seen);
      seen = now;
    },
  });
}

// Codes come from the schema's error table; anything else (a driver message, say) is not a label.
function errorOutcome(error: { extensions?: Record<string, unknown> } | undefined): string {
  const code = error?.extensions?.code;
  return typeof code === 'string' && /^[A-Za-z_]{1,40}$/.test(code) ? code : 'error';
}
