// What the fake reads of a version beyond its manifest: `description` of `intercom-fetch/<v>/testing`,
// generated from the version's repaired description (scripts/lib/fake-description.mjs). Structural,
// like the manifest: the facts themselves are never restated here.

/** A JSON Schema (draft 2019-09) as generated: refs point at the description's `schemas`. */
export type JsonSchema = { readonly [key: string]: unknown } | boolean;

export interface FakeRequestShape {
  /** Path parameters by name, as the version names them (`{ticket_id}` or `{id}`). */
  readonly path: { readonly [name: string]: { readonly required: boolean; readonly schema: JsonSchema } };
  readonly query: { readonly [name: string]: { readonly required: boolean; readonly schema: JsonSchema } };
  readonly body?: { readonly required: boolean; readonly schema: JsonSchema };
}

export interface FakeDescription {
  /** The `Intercom-Version` it describes: must be the manifest's. */
  readonly apiVersion: string;
  /** Every operation's request, by `method /path/{template}` as the version writes it. */
  readonly requests: { readonly [operation: string]: FakeRequestShape };
  /** The component schemas the requests refer to (`#/$defs/<name>`). */
  readonly schemas: { readonly [name: string]: JsonSchema };
  /** How this version shapes a ticket, where it has tickets. */
  readonly tickets?: { readonly state: "string" | "object"; readonly assigneeIds: "string" | "integer" };
}

export function checkDescription(description: unknown, apiVersion: string): FakeDescription | undefined {
  if (description === undefined) return undefined;
  const d = description as Partial<FakeDescription> | null;
  if (typeof d !== "object" || d === null || typeof d.apiVersion !== "string" || typeof d.requests !== "object" || typeof d.schemas !== "object") {
    throw new TypeError('createFakeIntercom: `description` must be a version\'s description: import { description } from "intercom-fetch/2.11/testing" (or your version)');
  }
  if (d.apiVersion !== apiVersion) throw new TypeError(`createFakeIntercom: \`description\` is ${d.apiVersion}'s but \`manifest\` is ${apiVersion}'s: import both from the same version`);
  return d as FakeDescription;
}

/** `/tickets/{id}` and `/tickets/{ticket_id}` are the same route: versions name parameters differently. */
export const shapeOf = (template: string) => template.replace(/\{[^}]+\}/g, "{}");
