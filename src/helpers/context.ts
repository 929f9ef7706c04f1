// What every helper is built from: a plain `(ctx) => api` over one context (the core's request
// function and the version's manifest), so the core knows nothing of the helpers and a program
// carries only the helpers it adds (`withHelpers(core, search, exports)`).
import type { IntercomCore, VersionInfo, VersionTypes } from "../core/client.js";
import type { FetchResult } from "../core/errors.js";

/** One call through the core, untyped: openapi-fetch's `client.request(method, path, init)`. */
export type RequestFn = (method: "get" | "post" | "put" | "delete" | "patch", path: string, init?: Record<string, unknown>) => Promise<FetchResult<unknown>>;

/** The context every helper gets, built once per client. */
export interface HelperContext<M = VersionInfo> {
  /** Sends one request through the core (auth, version header, retries, rate limits). */
  request: RequestFn;
  /** The version's manifest (generated/<version>/meta.ts); each helper reads its own part. */
  manifest: M;
}

/** A helper: a plain `(ctx) => api`, branded with its name so that `withHelpers` can type what it adds. */
export interface Helper<Name extends string> {
  (ctx: HelperContext<never>): object;
  /** The helper's name: its key in `HelperApis`. */
  readonly helper: Name;
}

/** Brands a helper function with its name. */
export const defineHelper = <Name extends string, M>(helper: Name, create: (ctx: HelperContext<M>) => object): Helper<Name> =>
  Object.assign(create as (ctx: HelperContext<never>) => object, { helper });

const contexts = new WeakMap<object, HelperContext<unknown>>();

/** The context of a core client, built on first use and shared by every helper added to it. */
export function contextOf<V extends VersionTypes>(core: IntercomCore<V>): HelperContext<V["manifest"]> {
  let ctx = contexts.get(core) as HelperContext<V["manifest"]> | undefined;
  if (!ctx) {
    ctx = { request: (method, path, init) => core.request(method as never, path as never, init as never) as Promise<FetchResult<unknown>>, manifest: core.manifest };
    contexts.set(core, ctx);
  }
  return ctx;
}
