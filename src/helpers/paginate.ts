// intercom.paginate: walk any list endpoint the spec lets us page through, one page in memory at
// a time, whichever of Intercom's three pagination styles it uses.
import { unwrap } from "../core/errors.js";

/** How a list endpoint asks for its next page, and which response property holds its items. */
export interface ListInfo {
  readonly style: "cursor" | "page" | "scroll";
  readonly items: string;
}
export type Lists = { readonly [path: string]: ListInfo };

export interface PaginateOptions {
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

interface Getter {
  GET(path: string, init: { params: { path?: unknown; query: Record<string, unknown> }; signal?: AbortSignal }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

export function createPaginate<Paths, L extends Lists>(client: Getter, lists: L): Paginate<Paths, L> {
  return ((path: string, init: { params?: { path?: unknown; query?: Record<string, unknown> } } & PaginateOptions = {}) => {
    const info = lists[path];
    if (!info) {
      throw new TypeError(`paginate: ${JSON.stringify(path)} is not a list this version can page through; pageable: ${Object.keys(lists).join(", ")}`);
    }
    const { limit, signal, params = {} } = init;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new RangeError(`paginate: limit must be a positive integer, got ${limit}`);
    return {
      async *[Symbol.asyncIterator]() {
        let query: Record<string, unknown> = { ...params.query };
        let remaining = limit ?? Number.POSITIVE_INFINITY;
        for (let page = Number(query.page ?? 1); ; page++) {
          signal?.throwIfAborted();
          const data = (await unwrap(client.GET(path, { params: { ...params, query }, signal }))) as Record<string, unknown> | undefined;
          const items = Array.isArray(data?.[info.items]) ? (data![info.items] as unknown[]) : [];
          for (const item of items) {
            if (remaining-- <= 0) return;
            signal?.throwIfAborted();
            yield item;
          }
          if (remaining <= 0 || items.length === 0) return;
          const pages = data?.pages as { next?: unknown; total_pages?: number; page?: number } | undefined;
          if (info.style === "cursor") {
            const cursor = (pages?.next as { starting_after?: string } | null | undefined)?.starting_after;
            if (!cursor) return;
            query = { ...query, starting_after: cursor };
          } else if (info.style === "scroll") {
            const scroll = data?.scroll_param;
            if (typeof scroll !== "string" || scroll === "") return;
            query = { ...query, scroll_param: scroll };
          } else {
            const current = pages?.page ?? page;
            if (!pages?.next && (pages?.total_pages === undefined || current >= pages.total_pages)) return;
            query = { ...query, page: current + 1 };
          }
        }
      },
    };
  }) as Paginate<Paths, L>;
}
