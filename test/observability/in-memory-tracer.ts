import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import {
  context,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type ContextManager,
  type Span,
  type SpanContext,
  type SpanKind,
  type SpanOptions,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

// No OpenTelemetry SDK is installed, so the test brings the smallest provider the API accepts: it
// keeps finished spans in memory. Plus a context manager on AsyncLocalStorage (what the SDK's
// Node set-up registers), without which no span could be another's parent.

export interface FinishedSpan {
  name: string;
  kind?: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Attributes;
  status?: SpanStatus;
}

class AsyncLocalContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

class RecordedSpan implements Span {
  private readonly record: FinishedSpan;
  constructor(
    private readonly context: SpanContext,
    name: string,
    options: SpanOptions,
    parentSpanId: string | undefined,
    private readonly finished: FinishedSpan[],
  ) {
    this.record = {
      name,
      kind: options.kind,
      traceId: context.traceId,
      spanId: context.spanId,
      parentSpanId,
      attributes: { ...options.attributes },
    };
  }
  spanContext = () => this.context;
  setAttribute(key: string, value: Attributes[string]): this {
    this.record.attributes[key] = value;
    return this;
  }
  setAttributes(attributes: Attributes): this {
    Object.assign(this.record.attributes, attributes);
    return this;
  }
  addEvent = () => this;
  addLink = () => this;
  addLinks = () => this;
  setStatus(status: SpanStatus): this {
    this.record.status = status;
    return this;
  }
  updateName(name: string): this {
    this.record.name = name;
    return this;
  }
  end(): void {
    this.finished.push(this.record);
  }
  isRecording = () => true;
  recordException = () => {};
}

export class InMemoryTracerProvider implements TracerProvider {
  readonly finished: FinishedSpan[] = [];
  /** Off after the test: the API keeps the provider, so later files in this worker see no-op spans. */
  on = true;

  getTracer(): Tracer {
    const startSpan = (name: string, options: SpanOptions = {}, ctx: Context = context.active()): Span => {
      if (!this.on) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
      const parent = options.root ? undefined : trace.getSpanContext(ctx);
      const spanContext: SpanContext = {
        traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
        spanId: randomBytes(8).toString('hex'),
        traceFlags: TraceFlags.SAMPLED,
      };
      return new RecordedSpan(spanContext, name, options, parent?.spanId, this.finished);
    };
    const startActiveSpan = (name: string, ...rest: unknown[]) => {
      const fn = rest.pop() as (span: Span) => unknown;
      const [options, ctx = context.active()] = rest as [SpanOptions | undefined, Context | undefined];
      const span = startSpan(name, options, ctx);
      return context.with(trace.setSpan(ctx, span), fn, undefined, span);
    };
    return { startSpan, startActiveSpan } as Tracer;
  }
}

/** Registers the provider and context manager globally; the returned function undoes it. */
export function registerInMemoryTracing(): { provider: InMemoryTracerProvider; unregister(): void } {
  const provider = new InMemoryTracerProvider();
  const manager = new AsyncLocalContextManager();
  context.setGlobalContextManager(manager);
  trace.setGlobalTracerProvider(provider);
  return {
    provider,
    unregister: () => {
      provider.on = false;
      trace.disable();
      context.disable();
    },
  };
}
