// Medians over rounds, and the rounds themselves interleaved so that a noisy minute on a shared
// machine hits every contender alike.

export const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** { median, min, max, runs } of one figure over the rounds. */
export const summarize = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });

/**
 * Calls `measure(contender, round)` for every contender in every round, in an order that rotates
 * from round to round, and returns each contender's list of results.
 */
export async function interleave(contenders, rounds, measure) {
  const results = new Map(contenders.map((c) => [c, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const contender = contenders[(i + round) % contenders.length];
      results.get(contender).push(await measure(contender, round));
    }
  }
  return results;
}

export const ratio = (value, baseline) => (baseline ? value / baseline : null);
