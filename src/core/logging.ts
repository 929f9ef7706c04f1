// What the client logs, and at which level. Everything is decided at construction: below `info`
// no middleware or observer is installed, so a call does no logging work at all.
import type { Middleware } from "openapi-fetch";
import type { CallEvents, CallObserver } from "./call-events.js";
import type { RateLimitEvent } from "./scheduler.js";

/** Where log lines go: `console` and pino loggers fit as they are. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** `"off"` logs nothing; each level logs what the ones before it log, and more. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

export const LOG_LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

export interface LogSettings {
  logger: Logger;
  level: LogLevel;
  /** Request and response bodies at `debug`, redacted (see `redactBody`). */
  bodies: boolean;
}

export function checkLogging(where: string, logger: unknown, level: unknown, bodies: unknown): LogSettings {
  if (logger !== undefined) {
    const missing = (["debug", "info", "warn", "error"] as const).filter((name) => typeof (logger as Record<string, unknown> | null)?.[name] !== "function");
    if (missing.length > 0) throw new TypeError(`${where}: \`logger\` must have debug, info, warn and error methods (console or a pino logger fit); missing ${missing.join(", ")}`);
  }
  if (level !== undefined && !LOG_LEVELS.includes(level as LogLevel)) {
    throw new TypeError(`${where}: \`logLevel\` must be one of ${LOG_LEVELS.map((name) => JSON.stringify(name)).join(", ")}, got ${JSON.stringify(level)}`);
  }
  if (bodies !== undefined && typeof bodies !== "boolean") throw new TypeError(`${where}: \`logBodies\` must be a boolean`);
  return { logger: (logger as Logger | undefined) ?? console, level: (level as LogLevel | undefined) ?? "warn", bodies: bodies === true };
}

export const enabled = (settings: LogSettings, level: Exclude<LogLevel, "off">) => LOG_LEVELS.indexOf(settings.level) >= LOG_LEVELS.indexOf(level);

const PREFIX = "intercom-fetch:";
const MAX_BODY = 2048;
/** Keys whose values never reach a log line, at any depth of a body. */
const SECRET_KEY = /token|secret|password|authori[sz]ation|api[-_]?key|signature|cookie/i;

/** A body for a debug line: JSON with the values of secret-looking keys replaced, cut at 2 KiB. */
export function redactBody(text: string): string {
  let out = text;
  try {
    out = JSON.stringify(JSON.parse(text), (key, value) => (key && SECRET_KEY.test(key) ? "[redacted]" : value));
  } catch {
    // Not JSON: kept as text, still cut short.
  }
  return out.length > MAX_BODY ? `${out.slice(0, MAX_BODY)}... (${out.length} chars)` : out;
}

interface CallState {
  template: string;
  start: number;
  attempts: number;
}

const ms = (from: number) => `${Math.round(performance.now() - from)} ms`;

/**
 * The logging of one client: a middleware for the per-call line (`info`) and bodies, and an
 * observer for resends and holds (`debug`). Undefined when the level logs no calls.
 */
export function callLogging(settings: LogSettings, events: CallEvents): Middleware | undefined {
  if (!enabled(settings, "info")) return undefined;
  const { logger, bodies } = settings;
  const debug = enabled(settings, "debug");
  const calls = new WeakMap<Request, CallState>();
  const name = (request: Request) => {
    const call = calls.get(request);
    return `${request.method} ${call?.template ?? new URL(request.url).pathname}`;
  };
  const observer: CallObserver = {
    retry(request, event) {
      const call = calls.get(request);
      if (call) call.attempts = event.attempt;
      if (debug) logger.debug(`${PREFIX} ${name(request)}: attempt ${event.attempt} after ${Math.round(event.delayMs)} ms (${event.reason})`);
    },
    hold(request, event) {
      if (debug) logger.debug(`${PREFIX} ${name(request)}: attempt ${event.attempt} held ${Math.round(event.waitMs)} ms by the rate-limit window`);
    },
  };
  events.add(observer);
  const attempts = (call: CallState | undefined) => (call ? `${call.attempts} attempt${call.attempts === 1 ? "" : "s"}` : "");
  return {
    async onRequest({ request, schemaPath }) {
      calls.set(request, { template: schemaPath, start: performance.now(), attempts: 1 });
      if (debug && bodies && request.body) logger.debug(`${PREFIX} ${request.method} ${schemaPath} request body: ${redactBody(await request.clone().text())}`);
      return undefined;
    },
    async onResponse({ request, response, schemaPath }) {
      const call = calls.get(request);
      const id = response.headers.get("x-request-id");
      logger.info(`${PREFIX} ${request.method} ${schemaPath} ${response.status} in ${call ? ms(call.start) : "?"}, ${attempts(call)}${id ? `, request id ${id}` : ""}`);
      // JSON only: a download (`parseAs: "stream"`) is never read into memory for a log line.
      if (debug && bodies && response.body && /json/i.test(response.headers.get("content-type") ?? ""))
        logger.debug(`${PREFIX} ${request.method} ${schemaPath} response body: ${redactBody(await response.clone().text())}`);
      return undefined;
    },
    onError({ request, error, schemaPath }) {
      const call = calls.get(request);
      const code = (error as { code?: unknown } | null)?.code;
      const why = typeof code === "string" ? code : error instanceof Error ? error.name : "error";
      logger.info(`${PREFIX} ${request.method} ${schemaPath} failed (${why}) after ${call ? ms(call.start) : "?"}, ${attempts(call)}`);
      return undefined;
    },
  };
}

/** `onRateLimit` at `debug`: the window's figures and the hold they cause, then the caller's own handler. */
export function rateLimitLogging(settings: LogSettings, own: ((event: RateLimitEvent) => void) | undefined) {
  if (!enabled(settings, "debug")) return own;
  return (event: RateLimitEvent) => {
    const reset = event.reset === undefined ? "an unknown time" : new Date(event.reset * 1000).toISOString();
    settings.logger.debug(
      `${PREFIX} rate limit: ${event.remaining ?? "?"} of ${event.limit ?? "?"} left (status ${event.status}) until ${reset}; ${event.waitMs > 0 ? `holding requests ${Math.round(event.waitMs)} ms` : "not holding"}`,
    );
    own?.(event);
  };
}

/** The limiter's failures: the caller's `onLimiterError`, else one `warn` line per failure; every fallback at `debug`. */
export function limiterLogging(settings: LogSettings, own: ((error: unknown) => void) | undefined) {
  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
  return {
    onLimiterError:
      own ??
      (enabled(settings, "warn")
        ? (error: unknown) => settings.logger.warn(`${PREFIX} the shared rate limiter failed (${describe(error)}); counting in this process alone until it answers again`)
        : () => {}),
    onLimiterFallback: enabled(settings, "debug") ? (error: unknown) => settings.logger.debug(`${PREFIX} shared limiter unavailable (${describe(error)}); counting locally for 1 s`) : undefined,
  };
}
