// openapi-fetch's path methods, typed to accept this client's per-call options, and typed cheaply.
// openapi-fetch types `init` with an open `[key: string]: unknown`, so without this
// `{ timeout: "1s" }` would compile. Its `ClientMethod` also makes the first call of each method
// resolve every operation of the version (issue 21's trace: 1-2.5 s for the first GET, POST and
// PUT, most of a 15-call program's 68,000 instantiations): `PathsWithMethod` filters every path,
// and the constraint of the generic `init` is computed over the union of every operation. Here
// each version's generator writes one map per method (generated/<version>/calls.ts:
// `"/me": Call<paths["/me"]["get"]>`), so a call looks its path up, and only the operations a
// program calls are resolved. The generator also lists, by method, the paths whose `init` is
// required: a signature for those and one for the rest check a call without a rest parameter
// computed from the path, which TypeScript instantiates for every call (a quarter of a 150-call
// program's instantiations, 4-8% of its check time). The `init` and result types are
// openapi-fetch's, written without its `Readable`/`Writable` deep mapping, which only strips
// $Read/$Write markers this generator never emits (test/call-methods.test-d.ts compares results
// with openapi-fetch's FetchResponse).
import type { BodySerializer, ClientOptions, HeadersOptions, Middleware, ParseAs, PathSerializer, QuerySerializer, QuerySerializerOptions } from "openapi-fetch";
import type { CallOptions } from "./call-options.js";

// As openapi-typescript-helpers defines them (a dependency of openapi-fetch, not of this package).
type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type OkStatus = 200 | 201 | 202 | 203 | 204 | 206 | 207 | "2XX";
// biome-ignore format: openapi-typescript-helpers' list, one line
type ErrorStatus = 500 | 501 | 502 | 503 | 504 | 505 | 506 | 507 | 508 | 510 | 511 | "5XX" | 400 | 401 | 402 | 403 | 404 | 405 | 406 | 407 | 408 | 409 | 410 | 411 | 412 | 413 | 414 | 415 | 416 | 417 | 418 | 420 | 421 | 422 | 423 | 424 | 425 | 426 | 427 | 428 | 429 | 430 | 431 | 444 | 450 | 451 | 497 | 498 | 499 | "4XX" | "default";
type Json = "application/json";

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type Params<O> = O extends { parameters: infer P } ? ([RequiredKeys<P>] extends [never] ? { params?: P } : { params: P }) : { params?: { query?: Record<string, unknown> } };
type Content<R> = R extends { content: infer C } ? C[keyof C] : never;
/** openapi-fetch's body option: required when the operation's requestBody is, every media type's body. */
type Body<O> = O extends { requestBody: infer R }
  ? { body: Content<R> }
  : O extends { requestBody?: infer R }
    ? [R] extends [undefined]
      ? { body?: never }
      : { body?: Content<NonNullable<R>> }
    : { body?: never };
/** The operation's own part of `init`: params, body, and the serializers typed by its parameters. */
type OperationInit<O> = Params<O> & Body<O> & { querySerializer?: QuerySerializer<O> | QuerySerializerOptions; bodySerializer?: BodySerializer<O> };

/** openapi-fetch's options that are the same for every operation, and this client's `timeout` / `retry`. */
interface SharedInit<A extends ParseAs> extends Omit<RequestInit, "body" | "headers">, CallOptions {
  baseUrl?: string;
  pathSerializer?: PathSerializer;
  parseAs?: A;
  fetch?: ClientOptions["fetch"];
  headers?: HeadersOptions;
  middleware?: Middleware[];
  [key: string]: unknown;
}

// As openapi-fetch's GetResponseContent for `application/json`: a status without JSON gives its whole content.
type ResponseContent<R, Status> = {
  [K in Status & keyof R]: R[K] extends { content?: unknown }
    ? R[K]["content"] extends Record<string, unknown>
      ? Json extends keyof R[K]["content"]
        ? R[K]["content"][Json]
        : R[K]["content"]
      : R[K]["content"]
    : never;
}[Status & keyof R];
type Responses<O> = O extends { responses: infer R } ? R : {};
type BodyType<T> = {
  json: T;
  text: Awaited<ReturnType<Response["text"]>>;
  blob: Awaited<ReturnType<Response["blob"]>>;
  arrayBuffer: Awaited<ReturnType<Response["arrayBuffer"]>>;
  stream: Response["body"];
};

/** What a call resolves to, as openapi-fetch's `FetchResponse`: typed `data`, or typed `error`. */
export type CallResult<Data, Error> = { data: Data; error?: never; response: Response } | { data?: never; error: Error; response: Response };

/** One operation's call, resolved once, the first time its path is called. */
export interface Call<O> {
  /** The arguments after the path: `init`, required when the operation has a required param or body. */
  args: [RequiredKeys<OperationInit<O>>] extends [never] ? [init?: OperationInit<O> & SharedInit<"json">] : [init: OperationInit<O> & SharedInit<"json">];
  init: OperationInit<O>;
  data: ResponseContent<Responses<O>, OkStatus>;
  error: ResponseContent<Responses<O>, ErrorStatus>;
}

/** Each method's calls by path, and the paths whose calls must pass `init`, as generated/<version>/calls.ts writes them. */
export type Calls = { [M in HttpMethod]: {} } & { required?: { [M in HttpMethod]?: PropertyKey } };

type MethodCalls<Paths, M extends HttpMethod> = {
  // biome-ignore lint/suspicious/noExplicitAny: as openapi-typescript-helpers' PathsWithMethod
  [P in keyof Paths as Paths[P] extends { [K in M]: any } ? P : never]: Paths[P] extends { [K in M]: infer O } ? Call<O> : never;
};
/** The paths of a map whose call takes a required `init`: what the generator lists, computed (test/call-methods.test-d.ts compares the two). */
export type RequiredPaths<ByPath> = { [P in keyof ByPath]: ByPath[P] extends { args: [unknown] } ? P : never }[keyof ByPath];

/** The same calls computed from `paths`, for a client typed with `paths` alone (slower to check: it filters every path). */
export type CallsOf<Paths> = { [M in HttpMethod]: MethodCalls<Paths, M> } & { required: { [M in HttpMethod]: RequiredPaths<MethodCalls<Paths, M>> } };

type Other = Exclude<ParseAs, "json">;
// Not distributive: a path cast to `never` (a test reaching an undeclared route) still takes an init and resolves to a result, as with openapi-fetch.
type ArgsOf<C> = [C] extends [{ args: infer A extends unknown[] }] ? A : [init?: SharedInit<"json">];
type InitOf<C> = [C] extends [{ init: infer I }] ? I : {};
type ResultOf<C, As extends ParseAs> = [C] extends [{ data: infer D; error: infer E }] ? CallResult<BodyType<D>[As], E> : CallResult<never, never>;

/**
 * `GET`, `POST`, ...: the path, then `init` as its operation takes it (required for the paths in
 * `Required`); `parseAs` other than JSON types `data` accordingly.
 */
export interface CallMethod<ByPath, Required = never> {
  <P extends Required & keyof ByPath>(url: P, init: InitOf<ByPath[P]> & SharedInit<"json">): Promise<ResultOf<ByPath[P], "json">>;
  <P extends Exclude<keyof ByPath, Required>>(url: P, init?: InitOf<ByPath[P]> & SharedInit<"json">): Promise<ResultOf<ByPath[P], "json">>;
  <P extends keyof ByPath, As extends Other>(url: P, init: InitOf<ByPath[P]> & SharedInit<As> & { parseAs: As }): Promise<ResultOf<ByPath[P], As>>;
}

/** The paths of method `M` whose calls must pass `init`. */
type RequiredOf<C extends Calls, M extends HttpMethod> = C extends { required: { [K in M]: infer R } } ? R : RequiredPaths<C[M]>;

/** `request(method, path, init)`. */
export interface CallRequest<C extends Calls> {
  <M extends HttpMethod, P extends keyof C[M]>(method: M, url: P, ...init: ArgsOf<C[M][P]>): Promise<ResultOf<C[M][P], "json">>;
  <M extends HttpMethod, P extends keyof C[M], As extends Other>(method: M, url: P, init: InitOf<C[M][P]> & SharedInit<As> & { parseAs: As }): Promise<ResultOf<C[M][P], As>>;
}

/** openapi-fetch's client, whose calls also take `timeout` and `retry`; `C`, the generated calls of its version. */
export type CallClient<Paths extends {}, C extends Calls = CallsOf<Paths>> = {
  request: CallRequest<C>;
  GET: CallMethod<C["get"], RequiredOf<C, "get">>;
  PUT: CallMethod<C["put"], RequiredOf<C, "put">>;
  POST: CallMethod<C["post"], RequiredOf<C, "post">>;
  DELETE: CallMethod<C["delete"], RequiredOf<C, "delete">>;
  OPTIONS: CallMethod<C["options"], RequiredOf<C, "options">>;
  HEAD: CallMethod<C["head"], RequiredOf<C, "head">>;
  PATCH: CallMethod<C["patch"], RequiredOf<C, "patch">>;
  TRACE: CallMethod<C["trace"], RequiredOf<C, "trace">>;
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
};
