// The search helper: `intercom.search.<resource>(query, options)` checks the query against the
// manifest's rules, then walks the cursor pages one at a time.
import type { CallOptions } from "../../core/call-options.js";
import { unwrap } from "../../core/errors.js";
import { callOptionsOf } from "../kit/call-options.js";
import { defineHelper, type HelperContext } from "../context.js";
import { itemsOf, walkPages } from "../kit/pages.js";
import { MAX_PER_PAGE, SearchQueryError, validateQuery, type SearchInfo, type SearchQuery } from "./rules.js";

export { and, or, where, type Filter, type Group, type Operator, type Query } from "./query.js";
export { SearchQueryError, validateQuery, type FieldInfo, type FilterFor, type ResourceSearchInfo, type SearchInfo, type SearchQuery } from "./rules.js";

/** One page of results, for callers who paginate themselves. */
export interface SearchPage<T> {
  items: T[];
  /** Matches in all, as Intercom counts them. */
  totalCount: number;
  /** Cursor of the next page (`startingAfter`), or undefined on the last page. */
  next: string | undefined;
}

/** `timeout` and `retry` apply to each page request of the search. */
export interface SearchOptions extends CallOptions {
  /** Results per request, 1 to 150 (Intercom's default is 50). */
  perPage?: number;
  /** Stop after this many items in all. */
  limit?: number;
  /** Start after this cursor (a page's `next`). */
  startingAfter?: string;
  /** Stops the iteration and the request in flight. */
  signal?: AbortSignal;
}

/** The results of a search: iterate the items, or `pages()` for one page at a time. */
export interface SearchResults<T> extends AsyncIterable<T> {
  pages(): AsyncIterable<SearchPage<T>>;
}

type Json<Ops, Id extends string> = Ops extends { [K in Id]: { responses: { 200: { content: { "application/json": infer B } } } } } ? B : never;
type ItemsOf<B, Key extends string> = B extends { [K in Key]?: (infer T)[] } ? T : never;

/** `intercom.search`: one method per search resource of the version's manifest. */
export type Search<Ops, Info extends SearchInfo> = {
  [R in keyof Info]: (query: SearchQuery<Info[R]>, options?: SearchOptions) => SearchResults<ItemsOf<Json<Ops, Info[R]["operationId"]>, Info[R]["items"]>>;
};

/** The search helper: `intercom.search.<resource>` for each search resource the manifest declares. */
export function createSearch<Ops, Info extends SearchInfo>(ctx: HelperContext<{ readonly search: Info }>): Search<Ops, Info> {
  const search: Record<string, unknown> = {};
  for (const [resource, info] of Object.entries(ctx.manifest.search)) {
    const { method, path, items } = info;
    search[resource] = (query: unknown, options: SearchOptions = {}) => {
      // Everything is checked here, when the search is created, so a bad query never starts a request.
      const body = validateQuery(query, info);
      const { perPage, limit, startingAfter, signal } = checkOptions(options, resource);
      const call = callOptionsOf(`search.${resource}`, options);
      const pages = () =>
        walkPages(startingAfter, limit, signal, async (cursor, remaining): Promise<SearchPage<unknown>> => {
          const pagination = { per_page: Math.min(perPage, remaining), ...(cursor ? { starting_after: cursor } : {}) };
          const data = (await unwrap(ctx.request(method as "post", path, { body: { query: body, pagination }, signal, ...call }))) as Record<string, unknown>;
          const list = Array.isArray(data?.[items]) ? (data[items] as unknown[]) : [];
          const next = (data?.pages as { next?: { starting_after?: string | null } | null } | undefined)?.next?.starting_after || undefined;
          return { items: list, totalCount: Number(data?.total_count ?? 0), next };
        });
      return { pages, [Symbol.asyncIterator]: () => itemsOf(pages(), signal) };
    };
  }
  return search as Search<Ops, Info>;
}

function checkOptions(options: SearchOptions, resource: string) {
  const { perPage = 50, limit, startingAfter, signal } = options;
  const where = `search.${resource}`;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw new SearchQueryError(`${where} perPage`, `must be an integer from 1 to ${MAX_PER_PAGE}, got ${perPage}`);
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new SearchQueryError(`${where} limit`, `must be a positive integer, got ${limit}`);
  if (startingAfter !== undefined && (typeof startingAfter !== "string" || startingAfter === "")) {
    throw new SearchQueryError(`${where} startingAfter`, "must be a cursor string from a page's `next`");
  }
  return { perPage, limit, startingAfter, signal };
}

/** The search helper as a plugin, for `withHelpers`. */
export const search = defineHelper("search", (ctx: HelperContext<{ readonly search: SearchInfo }>) => ({ search: createSearch(ctx) }));
