// The client a version entry returns: the core with every helper added. A program that wants
// fewer imports `intercom-fetch/<version>/core` and adds the helpers it uses with `withHelpers`.
import { createCore, type IntercomCore, type IntercomOptions, type VersionTypes } from "./core/client.js";
import { exports, paginate, replies, search, withHelpers, type HelperApis } from "./helpers/index.js";

export type { VersionTypes } from "./core/client.js";

/** The client of one Intercom version: the typed openapi-fetch client and every helper. */
export type Intercom<V extends VersionTypes> = IntercomCore<V> & HelperApis<V>["replies"] & HelperApis<V>["search"] & HelperApis<V>["exports"] & HelperApis<V>["paginate"];

export function createIntercomClient<V extends VersionTypes>(options: IntercomOptions, manifest: V["manifest"]): Intercom<V> {
  // Within this generic function TypeScript cannot resolve WithHelpers' intersection for an open V;
  // for each concrete version it is exactly Intercom<V> (test/helpers.test-d.ts checks it).
  return withHelpers(createCore<V>(options, manifest), search, replies, exports, paginate) as unknown as Intercom<V>;
}
