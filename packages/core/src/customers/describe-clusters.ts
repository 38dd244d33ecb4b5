/** Plain-language descriptions of clusters from their standardized centroids (e.g. "high spend, few orders"). */
export interface FeaturePhrases {
  low: string;
  high: string;
  /** The phrase for a strongly low value (default: `strongPrefix` + low), e.g. "bought very recently". */
  strongLow?: string;
  /** The phrase for a strongly high value (default: `strongPrefix` + high). */
  strongHigh?: string;
}

export interface DescribeOptions {
  /** |z| at or above which a feature is mentioned. Default 0.5. */
  threshold?: number;
  /** |z| at or above which the strong phrase is said (`strongLow`/`strongHigh`, else `strongPrefix` + phrase). Default 1.5. */
  strongThreshold?: number;
  /** Default 'very '. */
  strongPrefix?: string;
  /** Features mentioned at most. Default 3. */
  maxFeatures?: number;
  /** Text when no feature passes the threshold. Default 'typical on all measures'. */
  typical?: string;
}

/**
 * Plain-language description of each cluster from its centroid in standardized units: the features whose
 * |z| passes the threshold, most distinctive first, each said with its low or high phrase, e.g.
 * "high spend, few orders". `featureNames` only labels the returned details.
 */
export function describeClusters(
  centroids: Float64Array,
  k: number,
  featureNames: readonly string[],
  phrases: readonly FeaturePhrases[],
  options: DescribeOptions = {},
): { text: string; features: { name: string; z: number; phrase: string }[] }[] {
  const d = featureNames.length;
  if (phrases.length !== d)
    throw new Error(`need one phrase pair per feature (${d} names, ${phrases.length} pairs)`);
  if (centroids.length !== k * d) throw new Error(`centroids must be k x d = ${k} x ${d}`);
  const threshold = options.threshold ?? 0.5;
  const strong = options.strongThreshold ?? 1.5;
  const prefix = options.strongPrefix ?? 'very ';
  const maxFeatures = options.maxFeatures ?? 3;
  const typical = options.typical ?? 'typical on all measures';
  const out = [];
  for (let c = 0; c < k; c++) {
    const feats = [];
    for (let j = 0; j < d; j++) {
      const z = centroids[c * d + j]!;
      if (Math.abs(z) < threshold) continue;
      const p = phrases[j]!;
      const base = z > 0 ? p.high : p.low;
      const strongPhrase = (z > 0 ? p.strongHigh : p.strongLow) ?? prefix + base;
      feats.push({ name: featureNames[j]!, z, phrase: Math.abs(z) >= strong ? strongPhrase : base });
    }
    feats.sort((p, q) => Math.abs(q.z) - Math.abs(p.z));
    const kept = feats.slice(0, maxFeatures);
    out.push({ text: kept.length > 0 ? kept.map((f) => f.phrase).join(', ') : typical, features: kept });
  }
  return out;
}
