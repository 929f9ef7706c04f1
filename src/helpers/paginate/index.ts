// intercom.paginate: walk any list endpoint the spec lets us page through, one page in memory at
// a time, whichever of Intercom's three pagination styles it uses.
import type { CallOptions } from "../../core/call-options.js";
import { unwrap } from "../../core/errors.js";
import { callOptionsOf } from "../kit/call-options.js";
import { defineHelper, type HelperContext } from "../context.js";
import { itemsOf, walkPages } from "../kit/pages.js";

/** How a list endpoint asks for its next page, and which response property holds its items. */
export interface ListInfo {
  readonly style: "cursor" | "page" | "scroll";
  readonly items: string;
}
export type Lists = { readonly [path: string]: ListInfo };

/** `timeout` and `retry` apply to each page request. */
export interface PaginateOptions extends CallOptions {
  /** Stop after this many items in all. */
  limit?: number;
  /** Stops the iteration and the request in flight. */
  signal?: AbortSignal;
}

type Get<Paths, P extends keyof Paths> = Paths[P] extends { get: infer Op } ? Op : never;
type Body<Op> = Op extends { responses: { 200: { content: { "application/json": infer B } } } } ? B : never;
type Item<Op, Key extends string> = Body<Op> extends { [K in Key]?: (infer T)[] | null } ? T : never;
type Params<Op> = Op extends { parameters: infer P } ? P : never;
type PathParams<Op> = Params<Op> extends { path: infer X } ? ([X] extends [never | undefined] ? {} : { path: X }) : {};
type QueryParams<Op> = Params<Op> extends { query?: infer X } ? { query?: X } : {};

/** `intercom.paginate(path, init)`: the items of every page of one list endpoint. */
export type Paginate<Paths, L extends Lists> = <P extends keyof L & keyof Paths & string>(
  path: P,
  init?: { params?: PathParams<Get<Paths, P>> & QueryParams<Get<Paths, P>> } & PaginateOptions,
) => AsyncIterable<Item<Get<Paths, P>, L[P]["items"]>>;

/** The paginate helper: `intercom.paginate(path, init)` over the lists the manifest declares. */
export function createPaginate<Paths, L extends Lists>(ctx: HelperContext<{ readonly lists: L }>): Paginate<Paths, L> {
  const { lists } = ctx.manifest;
  return ((path: string, init: { params?: { path?: unknown; query?: Record<string, unknown> } } & PaginateOptions = {}) => {
    const info = lists[path];
    if (!info) {
      throw new TypeError(`paginate: ${JSON.stringify(path)} is not a list this version can page through; pageable: ${Object.keys(lists).join(", ")}`);
    }
    const { limit, signal, params = {} } = init;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new RangeError(`paginate: limit must be a positive integer, got ${limit}`);
    const call = callOptionsOf("paginate", init);
    const first = { ...params.query };
    // Each iteration starts a walk of its own, from the first page.
    const pages = () =>
      walkPages(
        first,
        limit,
        signal,
        async (query = first) => {
          const data = (await unwrap(ctx.request("get", path, { params: { ...params, query }, signal, ...call }))) as Record<string, unknown> | undefined;
          const items = Array.isArray(data?.[info.items]) ? (data![info.items] as unknown[]) : [];
          return { items, next: nextQuery(info, query, data) };
        },
        (query) => (info.style === "scroll" ? undefined : JSON.stringify(query)),
      );
    return { [Symbol.asyncIterator]: () => itemsOf(pages(), signal) };
  }) as Paginate<Paths, L>;
}

/** The query of the page after this one, in the list's style; undefined after the last page. */
function nextQuery(info: ListInfo, query: Record<string, unknown>, data: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const pages = data?.pages as { next?: unknown; total_pages?: number; page?: number } | undefined;
  if (info.style === "cursor") {
    const cursor = (pages?.next as { starting_after?: string } | null | undefined)?.starting_after;
    return cursor ? { ...query, starting_after: cursor } : undefined;
  }
  if (info.style === "scroll") {
    const scroll = data?.scroll_param;
    return typeof scroll === "string" && scroll !== "" ? { ...query, scroll_param: scroll } : undefined;
  }
  const current = pages?.page ?? Number(query.page ?? 1);
  if (!pages?.next && (pages?.total_pages === undefined || current >= pages.total_pages)) return undefined;
  return { ...query, page: current + 1 };
}

/** The paginate helper as a plugin, for `withHelpers`. */
export const paginate = defineHelper("paginate", (ctx: HelperContext<{ readonly lists: Lists }>) => ({ paginate: createPaginate(ctx) }));
