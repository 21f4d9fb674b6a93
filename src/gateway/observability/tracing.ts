// OpenTelemetry traces: a span per session turn, decision and tool execution, exported over OTLP when
// configured. Off by default: the API's no-op tracer costs nothing.
import { context, INVALID_SPAN_CONTEXT, trace, type Span, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";

export interface Tracing {
  tracer: Tracer;
  /** Spans are exported (OTLP configured). */
  enabled: boolean;
  shutdown(): Promise<void>;
}

/** What a span is when tracing is off: records nothing, and its trace id is all zeros, as the no-op tracer's. */
const OFF: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * Run `fn` in an active span. With tracing off, no span or context is made: the no-op tracer's
 * startActiveSpan still allocated a span, a context and closures three times per governed call.
 */
export function inSpan<T>(t: Tracing, name: string, fn: (span: Span) => T): T {
  return t.enabled ? t.tracer.startActiveSpan(name, fn) : fn(OFF);
}

export function createTracing(otlp: { endpoint: string; headers: Record<string, string> } | null): Tracing {
  if (!otlp) return { tracer: trace.getTracer("warden"), enabled: false, shutdown: async () => undefined };
  // Child spans (decide, execute) find their parent through async context, across awaits.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "warden" }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: otlp.endpoint, headers: otlp.headers }))],
  });
  return { tracer: provider.getTracer("warden"), enabled: true, shutdown: () => provider.shutdown() };
}
