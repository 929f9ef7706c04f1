// What the fake reads from a version's generated manifest (`manifest` of `intercom-fetch/<v>/core`).
// Structural, so any version's manifest fits; the facts themselves are never restated here.
import type { SearchInfo } from "../helpers/search/rules.js";

export interface FakeManifest {
  /** The `Intercom-Version` the fake answers as. */
  readonly apiVersion: string;
  /** Intercom's base URL per region: the origins `handlersFor` (intercom-fetch/testing/msw) answers as well. */
  readonly servers?: { readonly [region: string]: string };
  readonly search: SearchInfo;
  /** List endpoints by path: how each pages, and the property that holds its items. */
  readonly lists: { readonly [path: string]: { readonly style: string; readonly items: string } };
  /** The reply operations that take an admin's or a contact's reply; the fake serves tickets where `tickets` is here. */
  readonly replies?: { readonly [resource: string]: unknown };
  /** The content data export's operations and CSV columns, where the version has it. */
  readonly exports?: {
    readonly create: Operation;
    readonly get: Operation;
    readonly cancel: Operation;
    readonly download: Operation;
    readonly rows: { readonly columns: { readonly [column: string]: string } };
  };
}

interface Operation {
  readonly method: string;
  readonly path: string;
}

export function checkManifest(manifest: unknown): FakeManifest {
  const m = manifest as Partial<FakeManifest> | undefined;
  if (typeof m !== "object" || m === null || typeof m.apiVersion !== "string" || typeof m.search !== "object" || typeof m.lists !== "object") {
    throw new TypeError('createFakeIntercom: `manifest` must be a version\'s manifest: import { manifest } from "intercom-fetch/2.11/core" (or your version)');
  }
  return m as FakeManifest;
}

/** The property that holds a list's items in this version, or `fallback` when the manifest has no such list. */
export const itemsKey = (manifest: FakeManifest, path: string, fallback: string) => manifest.lists[path]?.items ?? fallback;
