// OpenTelemetry tracing of an intercom-fetch client: one CLIENT span per call, named after the
// call's path template, with the stable HTTP client attributes, Intercom's request id, and an event
// per rate-limit hold and per resend. Built only from what the core exposes (its methods,
// middleware, and the call observer); the core never loads this module or @opentelemetry/api.
import { type Attributes, context, type Span, SpanKind, SpanStatusCode, type Tracer, type TracerProvider, trace } from "@opentelemetry/api";
import type { Middleware } from "openapi-fetch";
import { type CallObserver, OBSERVE_CALLS, type ObserveCalls } from "../core/call-events.js";

export interface TracingOptions {
  /** Where the spans go. Default: the global provider (`trace.getTracerProvider()`), looked up when a span starts. */
  tracerProvider?: TracerProvider;
}

/** What `withTracing` needs of a client: any client of this package (core or with helpers). */
export interface Traceable {
  use(...middleware: Middleware[]): void;
  readonly [OBSERVE_CALLS]: ObserveCalls;
}

const TRACER = "intercom-fetch";
const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
/** Query parameters whose values never reach a span (none of Intercom's carry secrets; a proxy's might). */
const SECRET_PARAM = /token|secret|password|signature|sig$|key|auth|credential/i;

interface CallState {
  span: Span;
  resends: number;
}

const traced = new WeakSet<object>();

/**
 * Traces every call of `client` (in place; returns it): `withTracing(createIntercom({ token }))`.
 * Calls made by the helpers are traced too, each request its own span.
 */
export function withTracing<C extends Traceable>(client: C, options: TracingOptions = {}): C {
  if (typeof client !== "object" || client === null || typeof client[OBSERVE_CALLS] !== "function") {
    throw new TypeError("withTracing: expected a client from intercom-fetch's createIntercom");
  }
  if (options.tracerProvider !== undefined && typeof options.tracerProvider?.getTracer !== "function") {
    throw new TypeError("withTracing: `tracerProvider` must have a getTracer method");
  }
  if (traced.has(client)) return client;
  traced.add(client);
  const tracer = (): Tracer => (options.tracerProvider ?? trace.getTracerProvider()).getTracer(TRACER);
  // A call's state by the params object its init carries (a fresh one per call), then by its Request.
  const byParams = new WeakMap<object, CallState>();
  const byRequest = new WeakMap<Request, CallState>();

  const start = (method: string, template: string, init: Record<string, unknown> | undefined, send: (init: Record<string, unknown>) => Promise<{ response: Response }>) => {
    const span = tracer().startSpan(`${method} ${template}`, { kind: SpanKind.CLIENT, attributes: { "http.request.method": method, "url.template": template } });
    const params = { ...(init?.params as object | undefined) };
    const state: CallState = { span, resends: 0 };
    byParams.set(params, state);
    // Active while the call runs, so that spans of the HTTP layer (undici's instrumentation) nest under it.
    return context
      .with(trace.setSpan(context.active(), span), () => send({ ...init, params }))
      .then(
        (result) => {
          end(state, result.response);
          return result;
        },
        (error: unknown) => {
          fail(state, error);
          throw error;
        },
      );
  };

  const target = client as unknown as Record<string, (...args: unknown[]) => Promise<{ response: Response }>>;
  for (const method of METHODS) {
    const original = target[method];
    if (typeof original !== "function") continue;
    target[method] = (path: unknown, init?: unknown) => start(method, String(path), init as Record<string, unknown> | undefined, (withParams) => original.call(client, path, withParams));
  }
  const request = target.request;
  if (typeof request === "function") {
    target.request = (method: unknown, path: unknown, init?: unknown) =>
      start(String(method).toUpperCase(), String(path), init as Record<string, unknown> | undefined, (withParams) => request.call(client, method, path, withParams));
  }

  client.use({
    onRequest({ request: sent, params }) {
      const state = byParams.get(params as object);
      if (!state) return undefined;
      byRequest.set(sent, state);
      const url = new URL(sent.url);
      state.span.setAttributes({
        "url.full": safeUrl(url),
        "server.address": url.hostname,
        "server.port": url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80,
      });
      return undefined;
    },
  });

  const observer: CallObserver = {
    retry(sent, event) {
      const state = byRequest.get(sent);
      if (!state) return;
      state.resends = event.attempt - 1;
      state.span.addEvent("intercom-fetch.retry", { attempt: event.attempt, reason: event.reason, delay_ms: Math.round(event.delayMs) });
    },
    hold(sent, event) {
      byRequest.get(sent)?.span.addEvent("intercom-fetch.rate_limit_hold", { attempt: event.attempt, wait_ms: Math.round(event.waitMs) });
    },
  };
  client[OBSERVE_CALLS](observer);
  return client;
}

function end(state: CallState, response: Response) {
  const { span } = state;
  const attributes: Attributes = { "http.response.status_code": response.status };
  const id = response.headers.get("x-request-id");
  if (id) attributes["intercom.request_id"] = id;
  if (state.resends > 0) attributes["http.request.resend_count"] = state.resends;
  if (response.status >= 400) {
    attributes["error.type"] = String(response.status);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.setAttributes(attributes);
  span.end();
}

function fail(state: CallState, error: unknown) {
  const { span } = state;
  const code = (error as { code?: unknown } | null)?.code;
  // IntercomError's code ("timeout", "network_error"), else the error's class.
  const type = typeof code === "string" ? code : error instanceof Error ? error.name : "_OTHER";
  span.setAttributes({ "error.type": type, ...(state.resends > 0 ? { "http.request.resend_count": state.resends } : {}) });
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
  span.end();
}

/** The URL without credentials, and with the values of secret-looking query parameters replaced. */
function safeUrl(url: URL): string {
  if (!url.username && !url.password && !(url.search && [...url.searchParams.keys()].some((name) => SECRET_PARAM.test(name)))) return url.href;
  const safe = new URL(url.href);
  if (safe.username || safe.password) (safe.username = "REDACTED"), (safe.password = "REDACTED");
  for (const name of new Set(safe.searchParams.keys())) if (SECRET_PARAM.test(name)) safe.searchParams.set(name, "REDACTED");
  return safe.href;
}
