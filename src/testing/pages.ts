// Intercom's two ways to page a list: a cursor (`starting_after`, contacts, conversations and
// search) and page numbers (`page`, companies, notes).
import { invalid } from "./protocol.js";
import type { Json } from "./store.js";

const encode = (id: string) => btoa(`after:${id}`).replace(/=+$/, "");
const decode = (cursor: string): string | undefined => {
  try {
    const text = atob(cursor);
    return text.startsWith("after:") ? text.slice(6) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * One cursor page of `items` (in their order), after the item the cursor names. The cursor is
 * opaque, like Intercom's: it names the last item seen, so records added meanwhile do not shift
 * the next page.
 */
export function cursorPage(items: readonly Json[], perPage: number, startingAfter: string | null | undefined, field = "starting_after") {
  let start = 0;
  if (startingAfter) {
    const id = decode(startingAfter);
    const index = id === undefined ? -1 : items.findIndex((item) => item.id === id);
    if (index === -1) throw invalid(field, "is not a cursor from this list");
    start = index + 1;
  }
  const page = items.slice(start, start + perPage);
  const hasMore = start + perPage < items.length;
  const last = page.at(-1);
  const pages: Json = {
    type: "pages",
    page: Math.floor(start / perPage) + 1,
    per_page: perPage,
    total_pages: Math.max(1, Math.ceil(items.length / perPage)),
    ...(hasMore && last ? { next: { per_page: perPage, starting_after: encode(String(last.id)) } } : {}),
  };
  return { page, pages, totalCount: items.length };
}

/** One numbered page, from 1. */
export function numberedPage(items: readonly Json[], perPage: number, page: number) {
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const data = items.slice((page - 1) * perPage, page * perPage);
  const pages: Json = { type: "pages", page, per_page: perPage, total_pages: totalPages };
  return { page: data, pages, totalCount: items.length };
}
