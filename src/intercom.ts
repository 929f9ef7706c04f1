// The client a version entry returns: the core openapi-fetch client plus the helpers, each a
// module of its own over the core (Octokit-style: the core knows nothing of them).
import { createClient, type IntercomClient, type IntercomOptions, type VersionInfo } from "./core/client.js";

/**
 * The client of one Intercom version: `Paths` and `Operations` are that version's generated
 * openapi-typescript types; helpers take their request and response types from `Operations`.
 */
export type Intercom<Paths extends {}, Operations> = IntercomClient<Paths>;

export function createIntercomClient<Paths extends {}, Operations>(
  options: IntercomOptions,
  version: VersionInfo,
): Intercom<Paths, Operations> {
  const client = createClient<Paths>(options, version);
  return Object.assign(client, {});
}
