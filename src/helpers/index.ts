// The helpers as plugins: each is a plain `(ctx) => api` over the core's context, added to a core
// client with `withHelpers`. `HelperApis` says, per helper, what it adds to a client of a version;
// it only imports types, so a program carries the code of the helpers it adds and no other.
import type { IntercomCore, VersionTypes } from "../core/client.js";
import { contextOf, type Helper, type HelperContext } from "./context.js";
import type { Exports } from "./exports/index.js";
import type { Lists, Paginate } from "./paginate/index.js";
import type { Replies } from "./replies/index.js";
import type { Search, SearchInfo } from "./search/index.js";

export { exports } from "./exports/index.js";
export { paginate } from "./paginate/index.js";
export { replies } from "./replies/index.js";
export { search } from "./search/index.js";

type SearchOf<V extends VersionTypes> = V["manifest"] extends { readonly search: infer S extends SearchInfo } ? S : {};
type ListsOf<V extends VersionTypes> = V["manifest"] extends { readonly lists: infer L extends Lists } ? L : {};

/** What each helper adds to a client of the version `V`. */
export interface HelperApis<V extends VersionTypes> {
  /** `intercom.search.<resource>`: one per search resource of the manifest. */
  search: { search: Search<V["operations"], SearchOf<V>> };
  /** `intercom.tickets` and `intercom.conversations`, where the version's reply operation takes the admin/contact oneOf. */
  replies: Replies<V["operations"]>;
  /** `intercom.exports`: the content data export. */
  exports: { exports: Exports<V["operations"], V["components"]> };
  /** `intercom.paginate(path)`: every item of a list endpoint. */
  paginate: { paginate: Paginate<V["paths"], ListsOf<V>> };
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type VersionOf<C> = C extends IntercomCore<infer V> ? V : never;

/** `C` with what the helpers named `Names` add. */
export type WithHelpers<C, Names extends keyof HelperApis<VersionTypes>> = C & UnionToIntersection<HelperApis<VersionOf<C>>[Names]>;

/**
 * Adds helpers to a core client (from `intercom-fetch/<version>/core`), in place, and returns it
 * typed with what they add: `withHelpers(createIntercom({ token }), search, exports)`. The
 * helpers share one context, built once per client.
 */
export function withHelpers<C extends IntercomCore<VersionTypes>, Names extends keyof HelperApis<VersionTypes>>(core: C, ...helpers: Helper<Names>[]): WithHelpers<C, Names> {
  const ctx = contextOf(core) as HelperContext<never>;
  for (const helper of helpers) {
    if (typeof helper !== "function" || typeof helper.helper !== "string") throw new TypeError("withHelpers: expected helpers such as `search` or `exports` from intercom-fetch");
    Object.assign(core, helper(ctx));
  }
  return core as WithHelpers<C, Names>;
}
