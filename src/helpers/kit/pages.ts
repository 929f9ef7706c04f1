// The one pagination engine: `search` and `paginate` differ only in how they ask for a page and
// read the next cursor; walking, `limit`, and abort checks are here.

/** One fetched page: its items and the cursor of the next one (undefined on the last page). */
export interface PageStep<Cursor> {
  items: unknown[];
  next: Cursor | undefined;
}

/**
 * Fetches pages from `start` until the last one, `limit` items or an abort. `fetchPage` gets the
 * cursor and how many items are still wanted; each page yielded holds at most that many.
 */
export async function* walkPages<Cursor, Page extends PageStep<Cursor>>(
  start: Cursor | undefined,
  limit: number | undefined,
  signal: AbortSignal | undefined,
  fetchPage: (cursor: Cursor | undefined, remaining: number) => Promise<Page>,
): AsyncGenerator<Page> {
  let cursor = start;
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  while (remaining > 0) {
    signal?.throwIfAborted();
    const page = await fetchPage(cursor, remaining);
    const items = page.items.length > remaining ? page.items.slice(0, remaining) : page.items;
    remaining -= items.length;
    yield { ...page, items };
    if (page.next === undefined || page.items.length === 0) return;
    cursor = page.next;
  }
}

/** The items of `pages`, one at a time; an abort stops between items too, not only between pages. */
export async function* itemsOf<T>(pages: AsyncIterable<{ items: T[] }>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  for await (const page of pages) {
    for (const item of page.items) {
      signal?.throwIfAborted();
      yield item;
    }
  }
}
