import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONObjectScalar } from '../scalars.js';
import { Customer } from './customer.js';
import { PageInfo } from './event.js';

export enum SegmentKindValue {
  RFM = 'rfm',
  CLUSTER = 'cluster',
  RULE = 'rule',
}

registerEnumType(SegmentKindValue, {
  name: 'SegmentKind',
  description: 'How a segment is made.',
  valuesConfig: {
    RFM: { description: 'An RFM segment (rfm:<name>), refreshed by customer analytics.' },
    CLUSTER: { description: 'A k-means cluster (cluster:<k>), refreshed by customer analytics.' },
    RULE: { description: 'A rule in the filter language, refreshed by refreshSegment.' },
  },
});

@ObjectType({ description: 'A group of customers: an RFM segment, a cluster or a rule.' })
export class Segment {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => SegmentKindValue)
  kind!: SegmentKindValue;

  @Field(() => JSONObjectScalar, {
    description: 'The rule ({ filter }), the RFM segment name, or the cluster centroid.',
  })
  definition!: Record<string, unknown>;

  @Field(() => Int, { description: 'Current members.' })
  size!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'As-of date of the members; null before a refresh.',
  })
  refreshedAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType({
  description:
    "A segment's lifetime value: its current members' stored CLV scores (clv, from customer analytics) summed.",
})
export class SegmentLifetimeValue {
  @Field(() => Int, {
    description: 'Members with a stored CLV (not those without an order or analytics consent).',
  })
  customers!: number;

  @Field(() => Int, { description: 'Current members.' })
  members!: number;

  @Field(() => Float, { description: 'Their CLVs summed, rounded to cents.' })
  total!: number;

  @Field(() => Float, { description: 'total / customers, rounded to cents; 0 for no customer.' })
  mean!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the latest of the CLVs summed was computed; null when none is stored.',
  })
  computedAt!: Date | null;
}

@ObjectType()
export class SegmentMemberEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => DateTimeScalar, { description: 'Member without interruption since this refresh.' })
  since!: Date;

  @Field(() => Customer)
  node!: Customer;
}

@ObjectType({ description: 'A page of segment members, by customer id.' })
export class SegmentMemberConnection {
  @Field(() => [SegmentMemberEdge])
  edges!: SegmentMemberEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'A segment the customer is a member of.' })
export class CustomerSegment {
  @Field(() => Segment)
  segment!: Segment;

  @Field(() => DateTimeScalar, { description: 'Member without interruption since this refresh.' })
  since!: Date;
}

@ObjectType({ description: 'What refreshing a segment did.' })
export class SegmentRefresh {
  @Field(() => Segment)
  segment!: Segment;

  @Field(() => Int, { description: 'Members now.' })
  size!: number;

  @Field(() => Int)
  added!: number;

  @Field(() => Int)
  removed!: number;

  @Field(() => [String], {
    description:
      'On createSegment: names the rule reads that the store does not hold yet but customer analytics or propensity training writes (the rule matches nobody on them until then).',
  })
  warnings!: string[];
}

@ObjectType({ description: 'What a customer analytics run computed and stored.' })
export class CustomerAnalyticsRun {
  @Field(() => DateTimeScalar, { description: 'The as-of date (the last order when not given).' })
  asOf!: Date;

  @Field(() => Int, {
    description:
      'Customers with at least one order before asOf, who did not decline analytics: those analysed.',
  })
  customers!: number;

  @Field(() => Int, {
    description:
      'Customers with orders left out because they declined analytics (consent.analytics false): not scored, not in RFM or cluster segments.',
  })
  excludedByConsent!: number;

  @Field(() => Int, {
    description:
      'Scores written (rfm_*, the raw recency_days, orders and spend they rank, and p_alive, expected_purchases_<h>d, clv when fitted).',
  })
  scoresWritten!: number;

  @Field(() => Int, {
    description:
      "Segments whose current members were recomputed: the RFM and cluster segments, and every rule segment with a valid rule (re-evaluated now). An asOf before the stored RFM and cluster segments' last refresh is kept as their history only (snapshots; `warnings` says so): they are not counted, and their current members and the stored scores stay those of the later date.",
  })
  segmentsRefreshed!: number;

  @Field(() => [String], {
    description: 'Rule segments left as they were because their stored rule is not valid ("id: reason").',
  })
  rulesSkipped!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Why lifetime value was not fitted (e.g. no repeat buyer); null when it was.',
  })
  lifetimeValueSkipped!: string | null;

  @Field(() => [String], {
    description:
      'What to know about the lifetime-value fits that were made: a BG/NBD or Gamma-Gamma fit that did not converge or sits at a boundary of its parameters, and what that means for its numbers (e.g. no sign of customers dropping out: P(alive) ≈ 1 for everyone). Empty for regular fits.',
  })
  lifetimeValueWarnings!: string[];

  @Field(() => [String], {
    description:
      "What to know about the run as a whole: that it was stored as history only (an asOf before the stored segments' last refresh: the current segments and scores stay those of the later date), and purchases stored without a unit price (counted as revenue 0). Empty when nothing applies.",
  })
  warnings!: string[];
}
