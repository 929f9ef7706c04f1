// Builds a request for any operation from the spec's own examples, so that the contract test
// covers every operation without a hand-written request per operation. Where the spec gives no
// example, openapi-sampler (Redocly's) derives a value from the schema.
import { sample } from "openapi-sampler";
import { deref } from "../../scripts/lib/spec.mjs";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Spec = any;

export interface ExampleRequest {
  params: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown> };
  body?: unknown;
  contentType?: string;
  /** The media type the operation answers with, when it is not JSON (sent as `Accept`). */
  accept?: string;
  /** How the response should be read: openapi-fetch's `parseAs`. */
  parseAs: "json" | "text" | "stream";
  /** The status codes the spec declares for success (2xx, or 3xx when it declares no 2xx). */
  successCodes: number[];
}

/** `examples` uses the spec's own examples where it has them; `schema` derives every value from the schemas. */
export type ExampleSource = "examples" | "schema";

/** Follows `$ref`s until a non-reference node (the generator's own resolver). */
export const resolve = (spec: Spec, node: any): any => deref(spec, node);

function firstExample(spec: Spec, holder: any): unknown {
  if (holder.examples && typeof holder.examples === "object") {
    const first = Object.values(holder.examples)[0];
    if (first !== undefined) return resolve(spec, first).value;
  }
  if (holder.example !== undefined) return holder.example;
  const schema = holder.schema ? resolve(spec, holder.schema) : undefined;
  return schema?.example;
}

const fromSchema = (spec: Spec, schema: any) => sample(schema, { skipReadOnly: true, quiet: true }, spec);

export function exampleRequest(spec: Spec, path: string, method: string, source: ExampleSource = "examples"): ExampleRequest {
  const item = spec.paths[path];
  const op = item[method];
  const params: ExampleRequest["params"] = { path: {}, query: {}, header: {} };
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = resolve(spec, raw);
    // The client sends its own pinned Intercom-Version; that is what is under test.
    if (p.in === "header" && p.name.toLowerCase() === "intercom-version") continue;
    let value = source === "examples" ? firstExample(spec, p) : undefined;
    if (value === undefined) {
      if (!p.required && p.in !== "path") continue;
      value = fromSchema(spec, p.schema);
    }
    (params as any)[p.in][p.name] = value;
  }

  const responses = Object.entries(op.responses ?? {});
  const declared = (prefix: string) => responses.filter(([code]) => code.startsWith(prefix));
  // With no 2xx or 3xx declared, only `default` can answer, and Prism answers it with 200.
  const success = declared("2").length ? declared("2") : declared("3").length ? declared("3") : declared("default");
  const successCodes = success.map(([code]) => (code === "default" ? 200 : Number(code)));
  const request: ExampleRequest = { params, parseAs: "json", successCodes };
  const content = resolve(spec, op.requestBody)?.content;
  if (content) {
    const type = content["application/json"] ? "application/json" : Object.keys(content)[0]!;
    const media = content[type];
    const value = source === "examples" ? firstExample(spec, media) : undefined;
    request.body = value !== undefined ? value : fromSchema(spec, media.schema);
    request.contentType = type;
  }

  const types = Object.keys(resolve(spec, success[0]?.[1])?.content ?? {});
  if (types.length && !types.some((t) => t.includes("json"))) {
    request.accept = types[0];
    request.parseAs = types[0]!.startsWith("text/") ? "text" : "stream";
  }
  return request;
}
