import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Access } from '../access.js';
import { DateTimeScalar, JSONObjectScalar } from '../scalars.js';

export enum CampaignStatusValue {
  DRAFT = 'draft',
  RUNNING = 'running',
  STOPPED = 'stopped',
}

registerEnumType(CampaignStatusValue, {
  name: 'CampaignStatus',
  description: 'Where a campaign is in its life.',
  valuesConfig: {
    DRAFT: { description: 'Stored, not started: createCampaign may still replace its definition.' },
    RUNNING: { description: 'Offering: startCampaign assigned its audience (or waits for triggers).' },
    STOPPED: { description: 'No new offers; assignments and results stay.' },
  },
});

/** The engine's refusal rules (OfferRefusalReason['rule']), as GraphQL enum values. */
export enum OfferRefusalRuleValue {
  CONSENT = 'consent',
  FREQUENCY_CAP = 'frequency-cap',
  BUDGET = 'budget',
  UNKNOWN_CUSTOMER = 'unknown-customer',
  NOT_RUNNING = 'not-running',
  NOT_STARTED = 'not-started',
  ENDED = 'ended',
  NOT_IN_AUDIENCE = 'not-in-audience',
  NOT_A_CUSTOMER_YET = 'not-a-customer-yet',
  ASSIGNED_LATER = 'assigned-later',
}

registerEnumType(OfferRefusalRuleValue, {
  name: 'OfferRefusalRule',
  description: 'Why a customer got no offer.',
  valuesConfig: {
    CONSENT: { description: 'The customer opted out of marketing.' },
    FREQUENCY_CAP: { description: 'The customer already had the most offers the cap allows in its window.' },
    BUDGET: { description: "The offer's cost would exceed the campaign's budget." },
    UNKNOWN_CUSTOMER: { description: 'No customer with this id.' },
    NOT_RUNNING: { description: 'The campaign is a draft or stopped.' },
    NOT_STARTED: { description: 'The campaign runs, but its start date is later.' },
    ENDED: { description: "The campaign's end date has passed." },
    NOT_IN_AUDIENCE: { description: "The customer is not in the campaign's audience." },
    NOT_A_CUSTOMER_YET: {
      description: 'The customer had no event and no stored record at or before the time of the decision.',
    },
    ASSIGNED_LATER: {
      description:
        "The customer's assignment was made after the time of the decision (another process's clock ahead): it did not exist yet, and a customer is assigned once.",
    },
  },
});

@ObjectType({
  description: 'A campaign: offers for an audience, with a holdout and guardrails (docs/campaigns.md).',
})
export class Campaign {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => CampaignStatusValue)
  status!: CampaignStatusValue;

  @Field(() => String, { description: 'fixed-split, thompson or incremental-margin.' })
  policy!: string;

  @Field(() => JSONObjectScalar, {
    description:
      'The definition as the engine stored it, with defaults filled in (audience, arms, policy, holdout, frequencyCap, budget, attributionWindowDays, trigger, report); id, name and dates are fields of their own.',
  })
  definition!: Record<string, unknown>;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Offers only from this instant.' })
  startsAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Offers only before this instant.' })
  endsAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was started; null while a draft.' })
  startedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was stopped; null unless stopped.' })
  stoppedAt!: Date | null;

  @Field(() => [String], {
    description:
      'What the definition itself leaves unmeasured, one sentence each (a holdout of 0: no lift can be measured), as createCampaign and startCampaign warn; empty when nothing.',
  })
  warnings!: string[];
}

@ObjectType({ description: 'A count per arm or per refusal rule.' })
export class CampaignCount {
  @Field(() => String, { description: 'The arm id, or the refusal rule (consent, frequency-cap, budget).' })
  key!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'What starting a campaign assigned (nothing yet for a campaign with a trigger).' })
export class CampaignStart {
  @Field(() => Campaign)
  campaign!: Campaign;

  @Field(() => Int, {
    description:
      'Audience members given a decision now, each recorded: offered + holdout + globalHoldout + noOffer. The audience is decided + refusedCustomers + alreadyAssigned.',
  })
  decided!: number;

  @Field(() => [CampaignCount], { description: 'New offers per arm.' })
  offered!: CampaignCount[];

  @Field(() => Int, {
    description: "Customers put in the campaign's own holdout (no offer, measured as control).",
  })
  holdout!: number;

  @Field(() => Int, {
    description: 'Customers kept out by the shop-wide global holdout (no offer; compared with nothing).',
  })
  globalHoldout!: number;

  @Field(() => Int, { description: 'Customers the policy chose no offer for (incremental margin).' })
  noOffer!: number;

  @Field(() => Int, { description: 'Audience members who already had an assignment (kept: sticky).' })
  alreadyAssigned!: number;

  @Field(() => [CampaignCount], {
    description: 'Customers refused per rule; not recorded, may get an offer later.',
  })
  refused!: CampaignCount[];

  @Field(() => Int, {
    description: 'Customers refused, each once (one refused by two rules counts under each in refused).',
  })
  refusedCustomers!: number;

  @Field(() => Float, { description: 'Cost of the new assignments.' })
  cost!: number;

  @Field(() => [String], {
    description: 'What a person should know, e.g. that the audience is empty and nobody was decided for.',
  })
  warnings!: string[];
}

@ObjectType({ description: 'One reason a customer got no offer.' })
export class OfferRefusal {
  @Field(() => OfferRefusalRuleValue)
  rule!: OfferRefusalRuleValue;

  @Field(() => String, { description: 'The reason for people, e.g. "the customer opted out of marketing".' })
  message!: string;
}

@ObjectType({
  description:
    "A customer's offer in a campaign. Sticky: once assigned (an arm, the holdout or no offer), the same answer comes back every time.",
})
export class CampaignOffer {
  @Field(() => String)
  campaignId!: string;

  @Field(() => String)
  customerId!: string;

  @Field(() => Boolean, { description: 'True when the customer has an arm to show.' })
  offered!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The arm id; null in the holdout, with no offer, or refused.',
  })
  arm!: string | null;

  @Field(() => String, { nullable: true, description: "The arm's name, to show." })
  armName!: string | null;

  @Field(() => String, { nullable: true, description: 'A unique coupon code, when the arm has coupons.' })
  couponCode!: string | null;

  @Field(() => Boolean, {
    description: 'In the holdout: show nothing (the control group of the measurement).',
  })
  holdout!: boolean;

  @Field(() => Boolean, { description: 'True when the assignment existed before this call.' })
  sticky!: boolean;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the customer was assigned; null when refused.',
  })
  assignedAt!: Date | null;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description:
      "The policy's reason for the assignment (or the holdout's hash values); null when refused. Needs the read scope: it may hold the customer's scores.",
  })
  @Access('read')
  reason!: Record<string, unknown> | null;

  @Field(() => [OfferRefusal], { description: 'Every reason there is no assignment; empty when assigned.' })
  refusals!: OfferRefusal[];
}
