// OpenTelemetry traces: a span per session turn, decision and tool execution, exported over OTLP when
// configured. Off by default: the API's no-op tracer costs nothing.
import { context, trace, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";

export interface Tracing {
  tracer: Tracer;
  shutdown(): Promise<void>;
}

export function createTracing(otlp: { endpoint: string; headers: Record<string, string> } | null): Tracing {
  if (!otlp) return { tracer: trace.getTracer("warden"), shutdown: async () => undefined };
  // Child spans (decide, execute) find their parent through async context, across awaits.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "warden" }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: otlp.endpoint, headers: otlp.headers }))],
  });
  return { tracer: provider.getTracer("warden"), shutdown: () => provider.shutdown() };
}
