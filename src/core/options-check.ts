// Refusing options the client does not know: a misspelt option (`retries`) would otherwise be
// ignored without a word, and the client would run with the default the caller meant to change.

/** Levenshtein distance, small strings only: option names. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known name closest to `name`, when it is close enough to be a likely typo or variant. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = name.toLowerCase();
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) (best = candidate), (bestDistance = distance);
  }
  // Up to half the name's length: `retries` -> `retry` (3 edits), `timout` -> `timeout` (1), not `xyz` -> `fetch`.
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 2)) ? best : undefined;
}

/** Throws a TypeError naming every key of `options` not in `known`, each with the nearest known one. */
export function refuseUnknown(where: string, options: object, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const named = unknown.map((key) => {
    const near = nearest(key, known);
    return near ? `\`${key}\` (did you mean \`${near}\`?)` : `\`${key}\``;
  });
  throw new TypeError(`${where}: unknown option${unknown.length > 1 ? "s" : ""} ${named.join(", ")}; known options: ${known.join(", ")}`);
}
