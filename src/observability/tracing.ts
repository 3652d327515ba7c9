import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import { operationFacts } from './operation.js';

/**
 * Spans through @opentelemetry/api only: without an SDK registered by the operator (docs/observability.md)
 * every call here is the API's no-op. The tracer is a proxy, so an SDK registered later is used too.
 */
const tracer = trace.getTracer('cloud-accounts');

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/** What the HTTP layer learns about a request once it is answered. */
export interface RequestOutcome {
  /** A route template or fixed path (never the raw path: it can hold ids and tokens). */
  route: string;
  status: number;
}

/** A server span for one HTTP request, continuing a caller's W3C `traceparent` if it sent one. */
export function startRequestSpan(request: Request, method: string): Span {
  const parent = propagation.extract(context.active(), request.headers, headerGetter);
  return tracer.startSpan(
    `HTTP ${method}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
    parent,
  );
}

/** Runs `fn` with `span` active, so the GraphQL and database spans it causes are its children. */
export function inSpan<T>(span: Span, fn: () => Promise<T>): Promise<T> {
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** Names the request span after its route, records the status and ends it. */
export function endRequestSpan(span: Span, method: string, outcome: RequestOutcome): void {
  span.updateName(`${method} ${outcome.route}`);
  span.setAttribute('http.route', outcome.route);
  span.setAttribute('http.response.status_code', outcome.status);
  if (outcome.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

// Errors a caller causes (a wrong password, a bad input) are answers, not faults of the service.
const FAULTS = new Set(['InternalError', 'ServiceUnavailable', 'INTERNAL_SERVER_ERROR']);

/**
 * One span per executed GraphQL operation (`query me`), named by its root fields, with the
 * resolvers (and their database calls) running inside it. The document itself is never recorded:
 * literals in it can be passwords.
 */
export function useGraphQLTracing(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const facts = operationFacts(args.document, args.operationName);
      const span = tracer.startSpan(`${facts.type} ${facts.label}`, {
        attributes: {
          'graphql.operation.type': facts.type,
          'graphql.root_fields': facts.rootFields,
        },
      });
      const active = trace.setSpan(context.active(), span);
      setExecuteFn((executeArgs) => context.with(active, () => executeFn(executeArgs)));
      return {
        onExecuteDone({ result }) {
          const errors = 'errors' in result ? (result.errors ?? []) : [];
          const codes = errors.map((e) => String(e.extensions?.code ?? 'error'));
          if (codes.length) span.setAttribute('graphql.error.codes', [...new Set(codes)]);
          if (codes.some((code) => FAULTS.has(code))) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
      };
    },
  };
}

/** True when an SDK is registered: a span then carries a real trace id (the no-op's is all zeros). */
export function tracingActive(): boolean {
  // Never ended, so an SDK never exports it.
  return trace.isSpanContextValid(tracer.startSpan('probe').spanContext());
}

/** Runs one database call inside a client span (only used while tracing is active). */
export function traceDatabaseCall<T>(
  system: string,
  model: string | undefined,
  operation: string,
  run: () => Promise<T>,
) {
  const name = model ? `prisma ${model}.${operation}` : `prisma ${operation}`;
  return tracer.startActiveSpan(
    name,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': system,
        'db.operation.name': operation,
        ...(model ? { 'db.collection.name': model } : {}),
      },
    },
    async (span) => {
      try {
        return await run();
      } catch (error) {
        // Only the error's class: a driver message can quote the values of the statement.
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'Error' });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
