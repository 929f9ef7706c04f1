// The client a version entry returns: the core openapi-fetch client plus the helpers, each a
// module of its own over the core (Octokit-style: the core knows nothing of them).
import { createClient, type IntercomClient, type IntercomOptions, type VersionInfo } from "./core/client.js";
import { createExports, type Exports } from "./helpers/exports.js";
import { createPaginate, type Lists, type Paginate } from "./helpers/paginate.js";
import { createReplies, type Replies } from "./helpers/replies.js";
import { createSearch, type Search, type SearchInfo } from "./helpers/search.js";

/** The generated types and metadata of one version, as one bag, so adding a helper adds no type parameter. */
export interface VersionTypes {
  paths: {};
  operations: unknown;
  components: unknown;
  /** `typeof search` from the version's meta.ts. */
  search: SearchInfo;
  /** `typeof lists` from the version's meta.ts. */
  lists: Lists;
}

/** What the generated entry knows about its version at run time, for the core and the helpers. */
export interface HelperVersionInfo<V extends VersionTypes> extends VersionInfo {
  /** What each search endpoint accepts (generated from the spec's tables). */
  search: V["search"];
  /** The list endpoints `paginate` can walk (generated from the operations). */
  lists: V["lists"];
}

/** The client of one Intercom version: the typed openapi-fetch client and the helpers. */
export type Intercom<V extends VersionTypes> = IntercomClient<V["paths"]> &
  Replies<V["operations"]> & {
    /** Search with checked queries and automatic cursor pagination: see the README. */
    search: Search<V["operations"], V["search"]>;
    /** Content data exports: create, wait, cancel, download and parse: see the README. */
    exports: Exports<V["operations"], V["components"]>;
    /** Every item of a list endpoint, one page in memory at a time: see the README. */
    paginate: Paginate<V["paths"], V["lists"]>;
  };

export function createIntercomClient<V extends VersionTypes>(options: IntercomOptions, version: HelperVersionInfo<V>): Intercom<V> {
  const client = createClient<V["paths"]>(options, version);
  return Object.assign(client, {
    search: createSearch<V["operations"], V["search"]>(client as never, version.search),
    ...createReplies<V["operations"]>(client as never),
    exports: createExports<V["operations"], V["components"]>(client as never),
    paginate: createPaginate<V["paths"], V["lists"]>(client as never, version.lists),
  });
}
