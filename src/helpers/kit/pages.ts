// The one pagination engine: `search` and `paginate` differ only in how they ask for a page and
// read the next cursor; walking, `limit`, and abort checks are here.

import { IntercomError } from "../../core/errors.js";

/** One fetched page: its items and the cursor of the next one (undefined on the last page). */
export interface PageStep<Cursor> {
  items: unknown[];
  next: Cursor | undefined;
}

/**
 * Fetches pages from `start` until the last one, `limit` items or an abort. `fetchPage` gets the
 * cursor and how many items are still wanted; each page yielded holds at most that many. A next
 * cursor already followed would loop forever (a faulty server or proxy answering the same page):
 * the walk stops with an `IntercomError`. `keyOf` names a cursor for that check; `undefined` skips
 * it (a scroll whose parameter may stay the same from page to page).
 */
export async function* walkPages<Cursor, Page extends PageStep<Cursor>>(
  start: Cursor | undefined,
  limit: number | undefined,
  signal: AbortSignal | undefined,
  fetchPage: (cursor: Cursor | undefined, remaining: number) => Promise<Page>,
  keyOf: (cursor: Cursor) => string | undefined = (cursor) => JSON.stringify(cursor),
): AsyncGenerator<Page> {
  let cursor = start;
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  const followed = new Set<string>();
  // Stryker disable next-line ConditionalExpression: equivalent, the default keyOf names no start (JSON.stringify(undefined)) and paginate always has one
  const first = start === undefined ? undefined : keyOf(start);
  // Stryker disable next-line ConditionalExpression: equivalent, an undefined key is never looked up
  if (first !== undefined) followed.add(first);
  while (remaining > 0) {
    signal?.throwIfAborted();
    const page = await fetchPage(cursor, remaining);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, slicing a page no longer than `remaining` copies it whole
    const items = page.items.length > remaining ? page.items.slice(0, remaining) : page.items;
    remaining -= items.length;
    yield { ...page, items };
    if (page.next === undefined || page.items.length === 0) return;
    const key = keyOf(page.next);
    if (key !== undefined) {
      if (followed.has(key)) {
        throw new IntercomError(`pagination: page ${followed.size + 1} named as the next page one already read; stopping rather than looping`, { status: 200, code: "invalid_response" });
      }
      followed.add(key);
    }
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
