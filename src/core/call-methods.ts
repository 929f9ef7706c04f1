// openapi-fetch's path methods, typed to accept this client's per-call options. openapi-fetch types
// `init` with an open `[key: string]: unknown`, so without this `{ timeout: "1s" }` would compile.
import type { Client, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { CallOptions } from "./call-options.js";

// As openapi-typescript-helpers defines them (a dependency of openapi-fetch, not of this package).
type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
// biome-ignore lint/suspicious/noExplicitAny: as openapi-typescript-helpers writes it, to match its paths exactly
type PathsWithMethod<Paths extends {}, M extends HttpMethod> = { [P in keyof Paths]: Paths[P] extends { [K in M]: any } ? P : never }[keyof Paths];
type RequiredKeys<T> = { [K in keyof T]: {} extends Pick<T, K> ? never : K }[keyof T];
type RequiredKeysOf<T> = RequiredKeys<T> extends undefined ? never : RequiredKeys<T>;

/** `init` of one call: the operation's params and body, openapi-fetch's options, and `timeout` / `retry`. */
type CallInit<Init> = RequiredKeysOf<Init> extends never ? [(Init & CallOptions & { [key: string]: unknown })?] : [Init & CallOptions & { [key: string]: unknown }];

// biome-ignore lint/suspicious/noExplicitAny: the bound openapi-fetch puts on paths
type CallMethod<Paths extends Record<string, any>, M extends HttpMethod> = <Path extends PathsWithMethod<Paths, M>, Init extends MaybeOptionalInit<Paths[Path], M>>(
  url: Path,
  ...init: CallInit<Init>
) => Promise<FetchResponse<Paths[Path][M], Init, "application/json">>;

// biome-ignore lint/suspicious/noExplicitAny: the bound openapi-fetch puts on paths
type CallRequest<Paths extends Record<string, any>> = <M extends HttpMethod, Path extends PathsWithMethod<Paths, M>, Init extends MaybeOptionalInit<Paths[Path], M>>(
  method: M,
  url: Path,
  ...init: CallInit<Init>
) => Promise<FetchResponse<Paths[Path][M], Init, "application/json">>;

/** openapi-fetch's client, whose calls also take `timeout` and `retry`. */
export type CallClient<Paths extends {}> = Omit<Client<Paths, "application/json">, "request" | "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE"> & {
  request: CallRequest<Paths>;
  GET: CallMethod<Paths, "get">;
  PUT: CallMethod<Paths, "put">;
  POST: CallMethod<Paths, "post">;
  DELETE: CallMethod<Paths, "delete">;
  OPTIONS: CallMethod<Paths, "options">;
  HEAD: CallMethod<Paths, "head">;
  PATCH: CallMethod<Paths, "patch">;
  TRACE: CallMethod<Paths, "trace">;
};
