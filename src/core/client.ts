import createFetchClient from "openapi-fetch";
import type { CallClient, Calls, CallsOf } from "./call-methods.js";
import { type CallEvents, type CallObserver, createCallEvents, OBSERVE_CALLS } from "./call-events.js";
import { checkTimeout, RETRY_DEFAULTS, resolveRetry } from "./call-options.js";
import { callLogging, checkLogging, limiterLogging, type Logger, type LogLevel, rateLimitLogging } from "./logging.js";
import { refuseUnknown } from "./options-check.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./body-limits.js";
import { createPathSerializer, createUrlGuard } from "./paths.js";
import { createSpecQuerySerializer, type QueryStyle } from "./query.js";
import { createBodyChecks } from "./responses.js";
import { createScheduler, type Limiter, type RateLimit, type RateLimitEvent } from "./scheduler.js";
import { createTransport, type RetryOptions } from "./transport.js";

export type Region = "us" | "eu" | "au";

export interface IntercomOptions {
  /** An Intercom access token. Sent as `Authorization: Bearer <token>`; never part of an error or log line. */
  token: string;
  /** Which Intercom data centre to talk to, picked from the spec's `servers`. Default `"us"`. */
  region?: Region;
  /**
   * Overrides `region` with any http(s) base URL: a mock, a proxy, a test server. `http:` is only
   * accepted for loopback hosts (localhost, 127.x.x.x, [::1]) unless `allowInsecureHttp` is set.
   */
  baseUrl?: string;
  /** Accept an `http:` `baseUrl` that is not loopback (a proxy on a trusted network): the token goes in clear. Default false. */
  allowInsecureHttp?: boolean;
  /**
   * Timeout of one attempt, in ms, its body included: a body still arriving when it fires ends the
   * call with `IntercomError` code `"timeout"`. A streamed body (`parseAs: "stream"`) may take
   * longer, but may not stall for longer than this. Default 60 000.
   */
  timeout?: number;
  /**
   * Largest response body read, in bytes: a JSON or error body beyond it ends the call with
   * `IntercomError` code `"response_too_large"`. Default 64 MiB.
   */
  maxResponseBytes?: number;
  /** Retries of failed requests: a count, `false` for none, or finer options. Default 2. */
  retry?: number | false | RetryOptions;
  /** The fetch that sends requests, e.g. a mocked one. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Extra headers for every request. `Authorization` and `Intercom-Version` are set by the client. */
  headers?: Record<string, string>;
  /**
   * Send a request only when Intercom's current rate-limit window has room for it, counting the
   * requests in flight, and hold the others, in order, for the next window (at most
   * `retry.maxRetryAfter`), instead of collecting 429s. The window is learned from the
   * `X-RateLimit-*` headers. `false` sends at once and only reacts to 429s. Default true.
   */
  waitForRateLimit?: boolean;
  /** Called when the limit is used up or Intercom answers 429, before any wait. */
  onRateLimit?: (event: RateLimitEvent) => void;
  /** Most requests of this client in flight at once, a positive integer. Default: no cap. */
  maxConcurrency?: number;
  /**
   * A window count shared by every process that uses the same token, such as `redisLimiter()`
   * from `intercom-fetch/redis`: the processes together stay within one limit. Without it, each
   * client counts on its own. When it fails, the client counts alone until it answers again.
   */
  limiter?: Limiter;
  /**
   * Called once each time the `limiter` fails (Redis unreachable, too slow, restarted) and the
   * client falls back to counting in its own process; it rejoins by itself. Default: one
   * `console.warn` per failure.
   */
  onLimiterError?: (error: unknown) => void;
  /** Where log lines go: anything with `debug`, `info`, `warn` and `error` methods (console, pino). Default `console`. */
  logger?: Logger;
  /**
   * What is logged: `"off"`, `"error"`, `"warn"` (default: limiter failures), `"info"` (one line per
   * call) or `"debug"` (also each retry, rate-limit hold and limiter fallback). Never the token.
   */
  logLevel?: LogLevel;
  /** At `debug`, also request and response bodies, with secret-looking fields redacted and cut at 2 KiB. Default false. */
  logBodies?: boolean;
}

/**
 * Every option of `createIntercom`, the one list: an option not in it is refused at construction
 * (a misspelt one would otherwise be ignored). `satisfies` makes a new option of the interface a
 * compile error until it is added here.
 */
export const INTERCOM_OPTIONS = Object.keys({
  token: true,
  region: true,
  baseUrl: true,
  timeout: true,
  retry: true,
  fetch: true,
  headers: true,
  waitForRateLimit: true,
  onRateLimit: true,
  maxConcurrency: true,
  limiter: true,
  onLimiterError: true,
  logger: true,
  logLevel: true,
  logBodies: true,
  maxResponseBytes: true,
  allowInsecureHttp: true,
} satisfies Record<keyof IntercomOptions, true>);

/** The core's part of a version's manifest (generated/<version>/meta.ts): what the transport needs. */
export interface VersionInfo {
  /** The `Intercom-Version` header value, from the pinned file's `info.version`. */
  readonly apiVersion: string;
  /** Base URL per region, from the pinned file's `servers`. */
  readonly servers: Readonly<Partial<Record<Region, string>>>;
  /** Declared style of each array or object query parameter. */
  readonly queryStyles: Readonly<Record<string, QueryStyle>>;
  /** POST paths that only read (search endpoints), so retried like a GET. */
  readonly readOnlyPosts: readonly string[];
}

/** The openapi-fetch client for one version's `paths` (its generated `calls`, when given, are quicker to check), and the rate limit it last saw. */
export type IntercomClient<Paths extends {}, C extends Calls = CallsOf<Paths>> = CallClient<Paths, C> & {
  /** The latest `X-RateLimit-Limit`, `-Remaining` and `-Reset` seen (undefined until seen). */
  readonly rateLimit: Readonly<RateLimit>;
  /** Adds an observer of resends and rate-limit holds (what `withTracing` uses); returns its removal. */
  readonly [OBSERVE_CALLS]: (observer: CallObserver) => () => void;
};

/** The generated types of one version, as one bag: what a version entry passes to the core and the helpers. */
export interface VersionTypes {
  paths: {};
  operations: unknown;
  components: unknown;
  /** `typeof manifest` from the version's meta.ts. */
  manifest: VersionInfo;
  /** Each method's calls by path, from the version's calls.ts (optional: without it they are computed from `paths`). */
  calls?: Calls;
}

type CallsFor<V extends VersionTypes> = V extends { calls: infer C extends Calls } ? C : CallsOf<V["paths"]>;

declare const versionTypes: unique symbol;

/** The core client of one version, carrying its manifest: what `intercom-fetch/<version>/core` returns. */
export type IntercomCore<V extends VersionTypes> = IntercomClient<V["paths"], CallsFor<V>> & {
  /** What the client knows about its version: the generated manifest (servers, search rules, lists...). */
  readonly manifest: V["manifest"];
  /** Type-only: the version's types, for `withHelpers`. Never set. */
  readonly [versionTypes]?: V;
};

/** The core of one version: the client, with the manifest it was built from. */
export function createCore<V extends VersionTypes>(options: IntercomOptions, manifest: V["manifest"]): IntercomCore<V> {
  return Object.assign(createClient<V["paths"]>(options, manifest), { manifest });
}

const RESERVED_HEADERS = ["authorization", "intercom-version"];
/** Hosts an http: `baseUrl` may name without `allowInsecureHttp`: this machine only. */
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Builds the openapi-fetch client of one version; each version's entry calls it with its own paths. */
export function createClient<Paths extends {}>(options: IntercomOptions, version: VersionInfo): IntercomClient<Paths> {
  const { token, baseUrl, timeout, retry, headers, maxConcurrency, log, maxResponseBytes } = validate(options, version);
  const events: CallEvents = createCallEvents();
  const scheduler = createScheduler({
    wait: options.waitForRateLimit ?? true,
    maxWaitMs: retry.maxRetryAfter,
    maxConcurrency,
    onRateLimit: rateLimitLogging(log, options.onRateLimit),
    limiter: options.limiter,
    ...limiterLogging(log, options.onLimiterError),
  });
  const client = createFetchClient<Paths>({
    baseUrl,
    fetch: createTransport({ timeout, retry, fetch: options.fetch, scheduler, readOnlyPosts: version.readOnlyPosts, events }),
    querySerializer: createSpecQuerySerializer(version.queryStyles),
    pathSerializer: createPathSerializer(baseUrl),
    headers: {
      ...headers,
      Authorization: `Bearer ${token}`,
      Accept: "application/json",
      "Intercom-Version": version.apiVersion,
    },
  });
  client.use(createUrlGuard(baseUrl), createBodyChecks(maxResponseBytes));
  // After the body checks, so that their onResponse (run in reverse order) sees the response first.
  const logging = callLogging(log, events);
  if (logging) client.use(logging);
  Object.defineProperty(client, OBSERVE_CALLS, { value: events.add });
  return Object.assign(client, { rateLimit: scheduler.state }) as unknown as IntercomClient<Paths>;
}

/** Every option is checked here, so that a bad one fails at construction, not at the first request. */
function validate(options: IntercomOptions, version: VersionInfo) {
  if (typeof options !== "object" || options === null) throw new TypeError("createIntercom: options must be an object");
  refuseUnknown("createIntercom", options, INTERCOM_OPTIONS);
  const { token, region = "us", timeout = 60_000, retry = 2, headers = {} } = options;
  if (typeof token !== "string" || token.trim() === "") {
    throw new TypeError("createIntercom: `token` is required (an Intercom access token)");
  }
  // Control characters too (NUL...): fetch would refuse the header later, quoting it in its error.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
  if (/[\s\x00-\x1f\x7f]/.test(token)) throw new TypeError("createIntercom: `token` must not contain whitespace, line breaks or control characters");

  let baseUrl = options.baseUrl;
  if (baseUrl === undefined) {
    baseUrl = version.servers[region as Region];
    if (!baseUrl) {
      const known = Object.keys(version.servers).join(", ");
      throw new TypeError(`createIntercom: unknown region ${JSON.stringify(region)}; Intercom ${version.apiVersion} has ${known}`);
    }
  } else {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new TypeError(`createIntercom: \`baseUrl\` ${JSON.stringify(baseUrl)} is not an absolute URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new TypeError(`createIntercom: \`baseUrl\` must be http(s), got ${url.protocol}`);
    }
    if (url.search || url.hash || url.username || url.password) {
      throw new TypeError("createIntercom: `baseUrl` must not carry credentials, a query or a fragment");
    }
    // Plain http sends the token in clear: fine to a mock on this machine, not across a network.
    if (url.protocol === "http:" && !LOOPBACK.test(url.hostname) && options.allowInsecureHttp !== true) {
      throw new TypeError(`createIntercom: \`baseUrl\` is http: to ${url.hostname}, which would send the token unencrypted; use https:, or pass \`allowInsecureHttp: true\``);
    }
  }

  checkTimeout("createIntercom", timeout);
  const resolved = resolveRetry("createIntercom", retry, RETRY_DEFAULTS);
  if (typeof headers !== "object" || headers === null) throw new TypeError("createIntercom: `headers` must be an object");
  for (const name of Object.keys(headers)) {
    if (RESERVED_HEADERS.includes(name.toLowerCase())) {
      throw new TypeError(`createIntercom: \`headers\` must not set ${name}; use \`token\`, or import another version's entry`);
    }
  }
  for (const name of ["fetch", "onRateLimit", "onLimiterError"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") throw new TypeError(`createIntercom: \`${name}\` must be a function`);
  }
  if (options.waitForRateLimit !== undefined && typeof options.waitForRateLimit !== "boolean") {
    throw new TypeError("createIntercom: `waitForRateLimit` must be a boolean");
  }
  const { maxConcurrency = Number.POSITIVE_INFINITY, limiter } = options;
  if (maxConcurrency !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxConcurrency) || maxConcurrency < 1)) {
    throw new RangeError(`createIntercom: \`maxConcurrency\` must be a positive integer, got ${maxConcurrency}`);
  }
  if (limiter !== undefined && (typeof limiter !== "object" || limiter === null || typeof limiter.take !== "function" || typeof limiter.observe !== "function")) {
    throw new TypeError("createIntercom: `limiter` must have `take` and `observe` methods, e.g. redisLimiter() from intercom-fetch/redis");
  }
  const log = checkLogging("createIntercom", options.logger, options.logLevel, options.logBodies);
  const { maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES } = options;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
    throw new RangeError(`createIntercom: \`maxResponseBytes\` must be a positive integer, got ${maxResponseBytes}`);
  }
  return { token, baseUrl, timeout, retry: resolved, headers, maxConcurrency, log, maxResponseBytes };
}
