// Which list endpoints can be walked page by page, and how, read from each GET operation's query
// parameters and response schema: a `starting_after` parameter means a cursor
// (`pages.next.starting_after`), `scroll_param` the companies scroll, `page` page numbers.
import { deref } from "./spec.mjs";

/** `{ paginated: { path: { style, items } }, unpaginated: { path: reason } }` */
export function extractPagination(spec) {
  const paginated = {};
  const unpaginated = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    const op = item?.get;
    if (!op) continue;
    const body = deref(spec, deref(spec, deref(spec, op.responses?.["200"])?.content?.["application/json"]?.schema));
    const props = body?.properties ?? {};
    const arrays = Object.keys(props).filter((k) => deref(spec, props[k])?.type === "array");
    const query = new Set(
      [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p) => deref(spec, p))
        .filter((p) => p?.in === "query")
        .map((p) => p.name),
    );
    const style = query.has("starting_after") ? "cursor" : query.has("scroll_param") ? "scroll" : query.has("page") ? "page" : undefined;
    const hasPages = "pages" in props || "scroll_param" in props;
    if (!style) {
      if (hasPages) unpaginated[path] = "its response has pages, but the operation takes no page, starting_after or scroll_param parameter to ask for the next one";
      continue;
    }
    const items = arrays.length === 1 ? arrays[0] : arrays.includes("data") ? "data" : undefined;
    if (!items) {
      unpaginated[path] = arrays.length ? `its response has several arrays (${arrays.join(", ")}) and none is \`data\`` : "its response declares no array of items";
      continue;
    }
    paginated[path] = { style, items };
  }
  return { paginated, unpaginated };
}
