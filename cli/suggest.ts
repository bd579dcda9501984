/** "Did you mean …?" for a mistyped command, flag or value: the nearest known words by edit distance. */

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known words nearest to `typed`: within a third of its length (at least one edit), or that it begins
 * (`verify` for `verify-identity`). Nearest first; none when nothing is near.
 */
export function nearest(typed: string, known: readonly string[]): string[] {
  const word = typed.toLowerCase();
  const scored = known
    .map((candidate) => ({
      candidate,
      score: word.length >= 3 && candidate.startsWith(word) ? 0.5 : distance(word, candidate.toLowerCase()),
    }))
    .filter(({ score }) => score <= Math.max(1, Math.floor(word.length / 3)));
  const best = Math.min(...scored.map(({ score }) => score));
  return scored.filter(({ score }) => score === best).map(({ candidate }) => candidate);
}

/** " (did you mean cases?)", or nothing when no known word is near; `expand` names what a near word stands for. */
export function didYouMean(
  typed: string,
  known: readonly string[],
  expand = (word: string): string[] => [word],
): string {
  const near = nearest(typed, known).flatMap(expand);
  return near.length === 0 ? '' : ` (did you mean ${near.join(' or ')}?)`;
}
