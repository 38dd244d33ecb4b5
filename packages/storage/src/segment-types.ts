/** Segments of customers (RFM, clusters, rules), their members and the history of their refreshes. */
export const SEGMENT_KINDS = ['rfm', 'cluster', 'rule'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

export interface SegmentInput {
  /** The shop's own id, e.g. 'rfm:champions', 'cluster:2', 'vip-germany'. */
  id: string;
  name: string;
  kind: SegmentKind;
  /** The kind's definition: the RFM score ranges, the cluster centroid, the rule filter. */
  definition?: Record<string, unknown>;
}

export interface Segment {
  id: string;
  name: string;
  kind: SegmentKind;
  definition: Record<string, unknown>;
  createdAt: Date;
  /** As-of date of the current members (the last `refreshSegment` call); null before the first. */
  refreshedAt: Date | null;
  /** Current members. */
  members: number;
}

export interface SegmentMember {
  customerId: string;
  /** As-of date of the refresh from which the customer has been a member without interruption. */
  since: Date;
}

export interface SegmentRefreshResult {
  segmentId: string;
  asOf: Date;
  /** Members who joined and left the current membership (0 when `current` is false). */
  added: number;
  removed: number;
  members: number;
  /**
   * Whether the refresh replaced the current members: false when `asOf` is before the segment's last
   * refresh, which then only records its snapshot (a look at the past does not rewrite the present).
   */
  current: boolean;
}

/** Members of a segment as of a past refresh (the latest at or before the date asked for). */
export interface SegmentSnapshot {
  segmentId: string;
  asOf: Date;
  customerIds: string[];
}

/** A refresh of a segment whose recorded members held a customer (see `customerSnapshots`). */
export interface CustomerSnapshot {
  segmentId: string;
  /** The refresh's as-of date. */
  asOf: Date;
}

/** A segment a customer is currently a member of (see `Storage.getCustomerSegments`). */
export interface CustomerSegment {
  segmentId: string;
  /** As-of date of the refresh from which the customer has been a member without interruption. */
  since: Date;
}

/** Options of `scanSegmentMembers`. */
export interface SegmentMemberScanOptions {
  /** Rows per batch. */
  batchSize?: number;
  /** Only members whose customer id sorts after this one (code-unit order): the key of a page cursor. */
  after?: string;
}

/**
 * Purchase revenue (sum of quantity x unit price over purchases, as `scanOrderAggregates`' `revenue`) of
 * every segment's current members, and of all customers.
 */
export interface SegmentRevenueOptions {
  /** Only purchases strictly before this instant count (a segment's as-of date). Default: every purchase. */
  until?: Date;
}

export interface SegmentRevenue {
  /** Revenue of all customers. */
  total: number;
  /** Segment id -> revenue of its current members (segments without members are absent). */
  bySegment: Map<string, number>;
}
