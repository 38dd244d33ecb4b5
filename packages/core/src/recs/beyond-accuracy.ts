/**
 * Beyond-accuracy measures of a test run's recommendation lists: how much of the catalog the lists show,
 * how evenly they share their slots among items, and how popular what they show is. "Exposure" is how
 * many slots of all lists an item holds; "popularity" is an item's number of training interactions.
 *
 * - coverage: share of the catalog's items recommended at least once (catalog coverage, Shani and
 *   Gunawardana, "Evaluating Recommendation Systems", Recommender Systems Handbook 2011; over the whole
 *   catalog, where Microsoft Recommenders' catalog_coverage divides by the items seen in training);
 * - gini: the Gini index of the exposure over every catalog item (never-shown items count as 0), one
 *   minus twice the area under the Lorenz curve (Lorenz 1905) with the trapezoid rule on its n points:
 *   G = sum_j (2j - n - 1) x_(j) / (n sum x), x ascending, j = 1..n (the discrete Gini coefficient; the
 *   same formula as RecBole's GiniIndex). 0: every item shown equally often; (n - 1) / n: one item only;
 * - distributionalCoverage: Shannon entropy in bits of the exposure distribution,
 *   -sum_i p(i) log2 p(i) with p(i) = exposure(i) / slots, as Microsoft Recommenders'
 *   python_evaluation.distributional_coverage (Shani and Gunawardana, formula 21); log2(n) at most;
 * - novelty: Microsoft Recommenders' python_evaluation.novelty (Castells, Vargas and Wang, ECIR 2011,
 *   item choice model): the mean over all slots of -log2(popularity(i) / training interactions). A slot
 *   holding an item with no training interaction adds 0 and still counts in the mean, as their inner merge
 *   does (its -log2 0 would be infinite); `unseenShare` says how many slots that is;
 * - arp and aplt: Abdollahpouri, Burke and Mobasher, "Managing Popularity Bias in Recommender Systems
 *   with Personalized Re-ranking", FLAIRS-32, 2019 (arXiv:1901.07555): the average recommendation
 *   popularity, ARP = mean over lists of (sum over the list of popularity(i)) / |list|, and the average
 *   percentage of long-tail items, APLT = mean over lists of |list outside the short head| / |list|
 *   (a share in [0, 1]); empty lists are left out of both means. The short head is `shortHead`'s.
 */

/** Recommendation lists back to back: list j is items[offsets[j] .. offsets[j + 1]), best first. */
export interface RecommendationLists {
  offsets: Int32Array;
  items: Int32Array;
}

export interface BeyondAccuracyMetrics {
  /** Lists measured (empty ones included). */
  lists: number;
  /** Recommendation slots, summed over the lists. */
  slots: number;
  coverage: number;
  gini: number;
  /** Bits. */
  distributionalCoverage: number;
  /** Bits. */
  novelty: number;
  /** Training interactions per recommended item, averaged per list then over lists. */
  arp: number;
  /** Share of each list outside the short head, averaged over lists. */
  aplt: number;
  /** Items in the short head. */
  shortHeadItems: number;
  /** Share of slots holding an item without training interactions (see novelty). */
  unseenShare: number;
}

export interface BeyondAccuracyOptions {
  /** Share of the training interactions the short head holds (default 0.2). */
  shortHeadShare?: number;
}

/** How many slots of `lists` each of the `nItems` items holds; refuses an item outside the catalog. */
export function exposureCounts(lists: RecommendationLists, nItems: number): Float64Array {
  const { offsets, items } = lists;
  if (offsets.length === 0) throw new Error('lists.offsets must have at least one entry (0)');
  if (offsets[0] !== 0) throw new Error(`lists.offsets[0] must be 0, got ${offsets[0]}`);
  const end = offsets[offsets.length - 1]!;
  if (end !== items.length)
    throw new Error(`lists.offsets ends at ${end}, but lists.items has ${items.length} entries`);
  for (let j = 1; j < offsets.length; j++)
    if (offsets[j]! < offsets[j - 1]!)
      throw new Error(`lists.offsets must not decrease: [${j - 1}] ${offsets[j - 1]}, [${j}] ${offsets[j]}`);
  const out = new Float64Array(nItems);
  for (let p = 0; p < items.length; p++) {
    const i = items[p]!;
    if (!(i >= 0 && i < nItems))
      throw new Error(`lists.items[${p}] is ${i}: not an item of a catalog of ${nItems}`);
    out[i] = out[i]! + 1;
  }
  return out;
}

/** Share of the items with a positive exposure. 0 for an empty catalog. */
export function catalogCoverage(exposure: Float64Array): number {
  let shown = 0;
  for (let i = 0; i < exposure.length; i++) if (exposure[i]! > 0) shown++;
  return exposure.length > 0 ? shown / exposure.length : 0;
}

/** The Gini index of `values` (see the module comment); 0 when they sum to 0. Values must be >= 0. */
export function giniIndex(values: ArrayLike<number>): number {
  const x = Float64Array.from(values);
  const n = x.length;
  let total = 0;
  for (let j = 0; j < n; j++) {
    const v = x[j]!;
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`values[${j}] must be finite and >= 0, got ${v}`);
    total += v;
  }
  if (total === 0) return 0;
  x.sort();
  let s = 0;
  for (let j = 0; j < n; j++) s += (2 * (j + 1) - n - 1) * x[j]!;
  return s / (n * total);
}

/** Shannon entropy in bits of the distribution proportional to `exposure`; 0 when it sums to 0. */
export function distributionalCoverage(exposure: Float64Array): number {
  let total = 0;
  for (let i = 0; i < exposure.length; i++) total += exposure[i]!;
  let h = 0;
  for (let i = 0; i < exposure.length; i++) {
    const e = exposure[i]!;
    if (e > 0) h -= (e / total) * Math.log2(e / total);
  }
  return h;
}

/**
 * The short head of `popularity` (training interactions per item): the most popular items, one by one
 * (ties: lower index first), until they hold at least `share` of all interactions (Abdollahpouri et al.
 * 2019; the 20% of interactions default is theirs). Items without interactions are never in it.
 */
export function shortHead(popularity: Float64Array, share = 0.2): Uint8Array {
  if (!(share > 0 && share <= 1)) throw new Error(`shortHeadShare must be in (0, 1], got ${share}`);
  const n = popularity.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = popularity[i]!;
    if (!(Number.isFinite(v) && v >= 0))
      throw new Error(`popularity[${i}] must be finite and >= 0, got ${v}`);
    total += v;
  }
  const head = new Uint8Array(n);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => popularity[b]! - popularity[a]! || a - b,
  );
  let held = 0;
  for (const i of order) {
    if (held >= share * total || popularity[i]! === 0) break;
    head[i] = 1;
    held += popularity[i]!;
  }
  return head;
}

/**
 * Every measure of the module comment over `lists`, with `popularity` the training interactions per
 * catalog item (its length is the catalog's size).
 */
export function beyondAccuracy(
  lists: RecommendationLists,
  popularity: Float64Array,
  options: BeyondAccuracyOptions = {},
): BeyondAccuracyMetrics {
  const nItems = popularity.length;
  const head = shortHead(popularity, options.shortHeadShare ?? 0.2);
  const exposure = exposureCounts(lists, nItems);
  let interactions = 0;
  for (let i = 0; i < nItems; i++) interactions += popularity[i]!;
  const slots = lists.items.length;
  let noveltySum = 0;
  let unseen = 0;
  for (let i = 0; i < nItems; i++) {
    const e = exposure[i]!;
    if (e === 0) continue;
    if (popularity[i]! > 0) noveltySum -= e * Math.log2(popularity[i]! / interactions);
    else unseen += e;
  }
  let arp = 0;
  let aplt = 0;
  let measured = 0;
  const nLists = lists.offsets.length - 1;
  for (let j = 0; j < nLists; j++) {
    const from = lists.offsets[j]!;
    const to = lists.offsets[j + 1]!;
    if (to === from) continue;
    let pop = 0;
    let tail = 0;
    for (let p = from; p < to; p++) {
      const i = lists.items[p]!;
      pop += popularity[i]!;
      if (!head[i]) tail++;
    }
    arp += pop / (to - from);
    aplt += tail / (to - from);
    measured++;
  }
  let headItems = 0;
  for (let i = 0; i < nItems; i++) headItems += head[i]!;
  return {
    lists: nLists,
    slots,
    coverage: catalogCoverage(exposure),
    gini: giniIndex(exposure),
    distributionalCoverage: distributionalCoverage(exposure),
    novelty: slots > 0 ? noveltySum / slots : 0,
    arp: measured > 0 ? arp / measured : 0,
    aplt: measured > 0 ? aplt / measured : 0,
    shortHeadItems: headItems,
    unseenShare: slots > 0 ? unseen / slots : 0,
  };
}
