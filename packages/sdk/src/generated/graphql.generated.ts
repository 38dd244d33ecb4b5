/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What tied the item to a recommendation: the customer's strongest event on it (an EventType's name), CART (an item of the cart) or ITEM (the item whose related items these are). */
export type BecauseEvent =
  | 'ADD_TO_CART'
  | 'CART'
  | 'ITEM'
  | 'PURCHASE'
  | 'RATING'
  | 'REMOVE_FROM_CART'
  | 'RETURN'
  | 'SEARCH'
  | 'VIEW';

/** A campaign to store as a draft. */
export type CampaignInput = {
  /** The definition the CLI reads from a file (docs/campaigns.md): { id, name, audience, arms, policy, holdout, frequencyCap, budget, attributionWindowDays, trigger, startsAt, endsAt, report }. The engine checks it field by field; an error names the field, e.g. input.definition.arms[0].costPerOffer. */
  definition: Record<string, unknown>;
};

/** Where a campaign is in its life. */
export type CampaignStatus =
  /** Stored, not started: createCampaign may still replace its definition. */
  | 'DRAFT'
  /** Offering: startCampaign assigned its audience (or waits for triggers). */
  | 'RUNNING'
  /** No new offers; assignments and results stay. */
  | 'STOPPED';

export type ConsentInput = {
  analytics?: boolean | null | undefined;
  marketing?: boolean | null | undefined;
  personalization?: boolean | null | undefined;
};

/** A customer to create or update; attributes and consent merge with stored ones. */
export type CustomerInput = {
  /** Values: strings, numbers, booleans, null. */
  attributes?: Record<string, unknown> | null | undefined;
  consent?: ConsentInput | null | undefined;
  country?: string | null | undefined;
  externalId: string;
};

/** A period of demand, in UTC: days from midnight, weeks from Monday, months from the 1st. */
export type DemandPeriod =
  | 'DAY'
  | 'MONTH'
  | 'WEEK';

/** One event to track. Sending the same eventId again stores it once. */
export type EventInput = {
  /** Your customer id; null for anonymous visitors. */
  customerId?: string | null | undefined;
  /** Your id for the event (at most 128 characters); makes retries safe. */
  eventId: string;
  orderId?: string | null | undefined;
  quantity?: number | null | undefined;
  /** Required for search events. */
  query?: string | null | undefined;
  /** Required for rating events. */
  rating?: number | null | undefined;
  sessionId?: string | null | undefined;
  /** Required for every type but search. */
  sku?: string | null | undefined;
  /** When it happened; default: when received. */
  timestamp?: string | Date | null | undefined;
  type: EventType;
  unitPrice?: number | null | undefined;
};

/** What a customer did. */
export type EventType =
  | 'ADD_TO_CART'
  | 'PURCHASE'
  | 'RATING'
  | 'REMOVE_FROM_CART'
  | 'RETURN'
  | 'SEARCH'
  | 'VIEW';

/** An item to create or update; fields left out keep their stored value. */
export type ItemInput = {
  /** Values: strings, numbers, booleans, null. */
  attributes?: Record<string, unknown> | null | undefined;
  categoryPath?: Array<string> | null | undefined;
  currency?: string | null | undefined;
  price?: number | null | undefined;
  sku: string;
  /** Units in stock; 0 or below is out of stock (an oversold or backordered item may go below 0). */
  stock?: number | null | undefined;
  title?: string | null | undefined;
};

export type JobStatus =
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** The test behind a p-value. */
export type LiftTest =
  /** Fisher's exact test (an expected cell count below 5). */
  | 'FISHER_EXACT'
  /** Pooled two-proportion z-test. */
  | 'Z_POOLED';

/** Why a customer got no offer. */
export type OfferRefusalRule =
  /** The customer's assignment was made after the time of the decision (another process's clock ahead): it did not exist yet, and a customer is assigned once. */
  | 'ASSIGNED_LATER'
  /** The offer's cost would exceed the campaign's budget. */
  | 'BUDGET'
  /** The customer opted out of marketing. */
  | 'CONSENT'
  /** The campaign's end date has passed. */
  | 'ENDED'
  /** The customer already had the most offers the cap allows in its window. */
  | 'FREQUENCY_CAP'
  /** The customer had no event and no stored record at or before the time of the decision. */
  | 'NOT_A_CUSTOMER_YET'
  /** The customer is not in the campaign's audience. */
  | 'NOT_IN_AUDIENCE'
  /** The campaign is a draft or stopped. */
  | 'NOT_RUNNING'
  /** The campaign runs, but its start date is later. */
  | 'NOT_STARTED'
  /** No customer with this id. */
  | 'UNKNOWN_CUSTOMER';

/** What the visitor is doing now. */
export type RecommendationContextInput = {
  /** SKUs in the cart: recommend what goes with them. An empty list is no cart: the customer's recommendations. */
  cartItemIds?: Array<string> | null | undefined;
  /** Category paths the visitor is browsing, e.g. "Home > Kitchen": when the list is made of popular items (a visitor the model does not know, or a cart of items it has not seen), the popular items of these categories come first. A list the model scores is not changed (includeCategories restricts any list). A path no item is under is accepted and orders nothing (a new category page with no items yet still gets the popular items). */
  categories?: Array<string> | null | undefined;
};

/** Why an item is in a list of recommendations. */
export type RecommendationReason =
  /** Related items and items for a cart scored by item-kNN's cosine over the training interactions (the customers they share), as the model's item factors cannot tell items apart (ALS or BPR with 1 factor). */
  | 'INTERACTIONS'
  /** Scored by the model. */
  | 'MODEL'
  /** Newer than the model, reached through its attributes. */
  | 'NEW_BY_ATTRIBUTES'
  /** Newer than the model, reached through its category. */
  | 'NEW_IN_CATEGORY'
  /** By popularity, the score being the number of distinct customers with a weighted event on the item in the training data; where the model relates fewer items than asked, these follow its items with score 0. */
  | 'POPULAR';

/** The shop's rules for a list of recommendations. */
export type RecommendationRulesInput = {
  /** Only these SKUs. */
  allow?: Array<string> | null | undefined;
  /** Never these SKUs. */
  deny?: Array<string> | null | undefined;
  /** Diversity re-ranking (maximal marginal relevance) with this lambda in [0, 1]; 1 = by score. */
  diversity?: number | null | undefined;
  /** Leave out items the customer bought or rated (a rating says they have it); items only viewed or carted stay. A customer's recommendations leave them out unless this is false (a shop whose customers buy the same items again); a cart's only when it is true. */
  excludeBought?: boolean | null | undefined;
  /** Never items under these category paths. A path no item is under is refused (BAD_USER_INPUT naming it): a typo would exclude nothing. */
  excludeCategories?: Array<string> | null | undefined;
  /** Leave out items the customer had any event with. */
  excludeSeen?: boolean | null | undefined;
  /** Only items in stock (or whose stock is not tracked). */
  inStockOnly?: boolean | null | undefined;
  /** Only items under these category paths, e.g. "Home > Kitchen" (as imports write them) or "Home/Kitchen"; whole levels from the root ("Home" covers "Home > Kitchen", not "Homeware"). A path no item is under is refused (BAD_USER_INPUT naming it): it would leave nothing to recommend. */
  includeCategories?: Array<string> | null | undefined;
  /** Only items whose list price is at most this; an item without a price is left out. */
  maxPrice?: number | null | undefined;
  /** Only items whose list price is at least this (the catalog's prices as stored, in their own currency); an item without a price is left out. */
  minPrice?: number | null | undefined;
};

/** How a list of recommendations was made. */
export type RecommendationStrategy =
  /** Scored from the cart (context.cartItemIds). */
  | 'CART'
  /** The customer's fresh history folded into the model, without retraining. */
  | 'FOLD_IN'
  /** The customer's row of the trained model. */
  | 'MODEL'
  /** Popular items: a customer the model cannot score (cold start). */
  | 'POPULAR';

/** What an API key may do. */
export type Scope =
  /** Everything, including API key management. */
  | 'ADMIN'
  /** Read customers, items, events, segments, campaigns and their results, recommendations, models and the shop report. */
  | 'READ'
  /** Track events, read recommendations and get campaign offers, nothing else: safe in a web page. */
  | 'STOREFRONT'
  /** Track events, upsert items and customers, delete customers, create segments, create, start and stop campaigns, get offers. */
  | 'WRITE';

/** A rule segment: its id, name and filter (see docs/segments.md). */
export type SegmentInput = {
  /** Your id, e.g. "vip-germany"; not rfm:... or cluster:... ids. */
  id: string;
  name: string;
  /** A filter: { and | or: [filters] }, { not: filter } or { field, <op>: value }, e.g. { "field": "score.clv", "gte": 200 }. */
  rule: Record<string, unknown>;
};

/** How a segment is made. */
export type SegmentKind =
  /** A k-means cluster (cluster:<k>), refreshed by customer analytics. */
  | 'CLUSTER'
  /** An RFM segment (rfm:<name>), refreshed by customer analytics. */
  | 'RFM'
  /** A rule in the filter language, refreshed by refreshSegment. */
  | 'RULE';

export type HealthQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthQuery = { health: { status: string, database: string } };

export type HealthCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthCountsQuery = { health: { status: string, database: string, counts: { customers: number, items: number, events: number, models: number } } };

export type CustomerQueryVariables = Exact<{
  id: string;
  first: number;
  after?: string | null | undefined;
}>;


export type CustomerQuery = { customer: { externalId: string, country: string | null, attributes: Record<string, unknown>, createdAt: string, updatedAt: string, consent: { marketing: boolean | null, personalization: boolean | null, analytics: boolean | null }, scores: Array<{ model: string, score: number, computedAt: string }>, events: { edges: Array<{ cursor: string, node: { eventId: string, type: EventType, sku: string | null, timestamp: string, quantity: number | null, unitPrice: number | null, rating: number | null, query: string | null, sessionId: string | null, orderId: string | null, item: { sku: string, title: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ItemQueryVariables = Exact<{
  sku: string;
}>;


export type ItemQuery = { item: { sku: string, title: string | null, categoryPath: Array<string>, price: number | null, currency: string | null, stock: number | null, inStock: boolean | null, attributes: Record<string, unknown>, createdAt: string, updatedAt: string } | null };

export type ModelsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type ModelsQuery = { models: Array<{ id: string, name: string, version: number, kind: string, params: Record<string, unknown>, metrics: Record<string, unknown>, trainedAt: string, active: boolean, sizeBytes: number }> };

export type ShopQueryVariables = Exact<{ [key: string]: never; }>;


export type ShopQuery = { shop: { customers: number, items: number, events: number, rejects: number, firstEventAt: string | null, lastEventAt: string | null, eventsByType: Array<{ type: EventType, count: number }>, topItems: Array<{ sku: string, title: string | null, units: number }>, topCountries: Array<{ country: string, customers: number, revenue: number }> } };

export type ApiKeysQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type ApiKeysQuery = { apiKeys: Array<{ keyId: string, scopes: Array<Scope>, label: string | null, createdAt: string, revokedAt: string | null, lastUsedAt: string | null }> };

export type TrackEventsMutationVariables = Exact<{
  events: Array<EventInput> | EventInput;
  sentAt?: string | Date | null | undefined;
}>;


export type TrackEventsMutation = { trackEvents: { inserted: number, duplicates: number, differing: number, erased: number, rejected: number, conflicts: Array<{ index: number, field: string, message: string }>, errors: Array<{ index: number, field: string, message: string }> } };

export type UpsertItemsMutationVariables = Exact<{
  items: Array<ItemInput> | ItemInput;
}>;


export type UpsertItemsMutation = { upsertItems: { inserted: number, updated: number } };

export type UpsertCustomersMutationVariables = Exact<{
  customers: Array<CustomerInput> | CustomerInput;
}>;


export type UpsertCustomersMutation = { upsertCustomers: { inserted: number, updated: number, erased: number } };

export type CustomerDataExportQueryVariables = Exact<{
  id: string;
}>;


export type CustomerDataExportQuery = { customerDataExport: string };

export type PrivacyReportQueryVariables = Exact<{
  retentionDays?: number | null | undefined;
  minGroupSize?: number | null | undefined;
  asOf?: string | Date | null | undefined;
}>;


export type PrivacyReportQuery = { privacyReport: { asOf: string, customers: number, rejectedImportFields: number, consent: { analytics: { granted: number, refused: number, unrecorded: number }, personalization: { granted: number, refused: number, unrecorded: number }, marketing: { granted: number, refused: number, unrecorded: number } }, attributes: Array<{ name: string, customers: number, identifier: string | null }>, events: { namingCustomers: number, anonymous: number, oldestAt: string | null }, retention: { days: number, cutoff: string, inactiveCustomers: number }, erasure: { listed: number, lastAt: string | null, modelsTrainedBefore: Array<{ name: string, version: number, kind: string, trainedAt: string, active: boolean }> }, smallCountries: { minGroupSize: number, countries: Array<{ country: string, customers: number }> } } };

export type DeleteCustomerMutationVariables = Exact<{
  id: string;
  asGiven?: boolean | null | undefined;
}>;


export type DeleteCustomerMutation = { deleteCustomer: { found: boolean, total: number, tables: Array<{ table: string, rows: number }> } };

export type RestoreCustomerMutationVariables = Exact<{
  id: string;
}>;


export type RestoreCustomerMutation = { restoreCustomer: boolean };

export type CreateApiKeyMutationVariables = Exact<{
  scopes: Array<Scope> | Scope;
  label?: string | null | undefined;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, apiKey: { keyId: string, scopes: Array<Scope>, label: string | null, createdAt: string, revokedAt: string | null, lastUsedAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  keyId: string;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: boolean };

export type RecommendationsQueryVariables = Exact<{
  customerId: string;
  first: number;
  rules?: RecommendationRulesInput | null | undefined;
  context?: RecommendationContextInput | null | undefined;
  explain?: boolean;
}>;


export type RecommendationsQuery = { recommendations: { strategy: RecommendationStrategy, ignoredCartItems: Array<string>, items: Array<{ sku: string, title: string | null, score: number, reason: RecommendationReason, because?: Array<{ sku: string, title: string | null, event: BecauseEvent, contribution: number }> }> } | null };

export type RelatedQueryVariables = Exact<{
  sku: string;
  first: number;
  rules?: RecommendationRulesInput | null | undefined;
  explain?: boolean;
}>;


export type RelatedQuery = { item: { related: Array<{ sku: string, title: string | null, score: number, reason: RecommendationReason, because?: Array<{ sku: string, title: string | null, event: BecauseEvent, contribution: number }> }> | null } | null };

export type ActivateModelMutationVariables = Exact<{
  name: string;
  version: number;
}>;


export type ActivateModelMutation = { activateModel: { id: string, name: string, version: number, active: boolean } };

export type TrainPropensityMutationVariables = Exact<{
  horizonDays: number;
  model: string;
  params?: Record<string, unknown> | null | undefined;
  asOf?: string | Date | null | undefined;
  dryRun: boolean;
  force: boolean;
  fairnessBy: string;
  fairnessMinGroupSize: number;
}>;


export type TrainPropensityMutation = { trainPropensity: { version: number | null, model: string, horizonDays: number, scoreName: string, asOf: string, cutoff: string, customers: number, positives: number, excludedByConsent: number, worseThanBaseline: string | null, warnings: Array<string>, scored: number, activated: boolean, holdout: { customers: number, positives: number, baseRate: number, rocAuc: number, rocAucStandardError: number, prAuc: number, logLoss: number, brier: number, liftTopDecile: number }, baseline: { baseRate: number, rocAuc: number, prAuc: number, logLoss: number, brier: number }, active: { version: number, model: string, asOf: string | null, customers: number | null, positives: number | null, rocAuc: number | null, prAuc: number | null, logLoss: number | null, brier: number | null, baselineLogLoss: number | null, sameHoldout: boolean, differences: Array<string> } | null, importances: Array<{ feature: string, aucDrop: number, std: number }>, calibration: Array<{ lower: number, upper: number, count: number, meanPredicted: number, fractionPositive: number }>, fairness: { by: string, minGroupSize: number, disparityThreshold: number, judged: Array<string>, flagged: Array<string>, decision: { threshold: number, share: number | null, selectedShare: number }, groups: Array<{ name: string, customers: number, positives: number, baseRate: number, meanScore: number, selected: number, selectionRate: number, truePositiveRate: number | null, falsePositiveRate: number | null, precision: number | null, rocAuc: number | null, calibrationInTheLarge: number, brier: number, selectionRateRatio: number | null, flags: Array<string>, small: boolean }>, disparities: { demographicParityDifference: number | null, demographicParityRatio: number | null, equalOpportunityDifference: number | null, falsePositiveRateDifference: number | null, equalizedOddsDifference: number | null, rocAucMin: number | null, rocAucMax: number | null } } } };

export type PruneModelsMutationVariables = Exact<{
  name?: string | null | undefined;
  keep?: number | null | undefined;
  trainedBeforeErasure?: boolean | null | undefined;
}>;


export type PruneModelsMutation = { pruneModels: Array<{ id: string, name: string, version: number, sizeBytes: number }> };

export type TrainMutationVariables = Exact<{
  model: string;
  params?: Record<string, unknown> | null | undefined;
}>;


export type TrainMutation = { train: { id: string, model: string, status: JobStatus, progress: number, message: string, startedAt: string, finishedAt: string | null, version: number | null, metrics: Record<string, unknown> | null, warnings: Array<string>, error: string | null } | null };

export type TrainingJobQueryVariables = Exact<{
  id: string;
}>;


export type TrainingJobQuery = { trainingJob: { id: string, model: string, status: JobStatus, progress: number, message: string, startedAt: string, finishedAt: string | null, version: number | null, metrics: Record<string, unknown> | null, warnings: Array<string>, error: string | null } | null };

export type SegmentFieldsFragment = { id: string, name: string, kind: SegmentKind, definition: Record<string, unknown>, size: number, refreshedAt: string | null, createdAt: string };

export type CustomerBehaviorQueryVariables = Exact<{
  id: string;
  asOf?: string | Date | null | undefined;
}>;


export type CustomerBehaviorQuery = { customer: { behavior: { asOf: string, recencyDays: number | null, frequency: number | null, monetary: number | null, averageOrderValue: number | null, tenureDays: number | null, daysSinceLastEvent: number | null, sessions: number | null, views: number | null, addToCarts: number | null, purchases: number | null, viewToCartRate: number | null, cartToPurchaseRate: number | null, returns: number | null, returnValue: number | null, meanPrice: number | null, categoryShares: Array<{ category: string, share: number }> } | null } | null };

export type CustomerInsightsQueryVariables = Exact<{
  id: string;
  segments: number;
}>;


export type CustomerInsightsQuery = { customer: { externalId: string, profile: { orders: number, revenue: number, averageOrderValue: number | null, units: number, firstPurchaseAt: string | null, lastPurchaseAt: string | null, returns: number, returnValue: number, rfm: { recency: number, frequency: number, monetary: number, computedAt: string } | null }, segments: Array<{ since: string, segment: { id: string, name: string, kind: SegmentKind } }>, propensity: Array<{ horizonDays: number, probability: number, computedAt: string }>, clv: { clv: number, probabilityAlive: number | null, expectedPurchases: number | null, horizonDays: number | null, computedAt: string } | null } | null };

export type SegmentsQueryVariables = Exact<{
  first: number;
  kind?: SegmentKind | null | undefined;
  after?: string | null | undefined;
}>;


export type SegmentsQuery = { segments: Array<{ revenueShare: number, id: string, name: string, kind: SegmentKind, definition: Record<string, unknown>, size: number, refreshedAt: string | null, createdAt: string }> };

export type SegmentQueryVariables = Exact<{
  id: string;
  first: number;
  after?: string | null | undefined;
}>;


export type SegmentQuery = { segment: { revenueShare: number, id: string, name: string, kind: SegmentKind, definition: Record<string, unknown>, size: number, refreshedAt: string | null, createdAt: string, members: { edges: Array<{ cursor: string, since: string, node: { externalId: string, country: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type CreateSegmentMutationVariables = Exact<{
  input: SegmentInput;
}>;


export type CreateSegmentMutation = { createSegment: { size: number, added: number, removed: number, segment: { id: string, name: string, kind: SegmentKind, definition: Record<string, unknown>, size: number, refreshedAt: string | null, createdAt: string } } };

export type RefreshSegmentMutationVariables = Exact<{
  id: string;
}>;


export type RefreshSegmentMutation = { refreshSegment: { size: number, added: number, removed: number, segment: { id: string, name: string, kind: SegmentKind, definition: Record<string, unknown>, size: number, refreshedAt: string | null, createdAt: string } } };

export type ComputeCustomerAnalyticsMutationVariables = Exact<{
  asOf?: string | Date | null | undefined;
  horizonDays?: number | null | undefined;
}>;


export type ComputeCustomerAnalyticsMutation = { computeCustomerAnalytics: { asOf: string, customers: number, scoresWritten: number, segmentsRefreshed: number, lifetimeValueSkipped: string | null, lifetimeValueWarnings: Array<string>, rulesSkipped: Array<string> } };

export type CampaignFieldsFragment = { id: string, name: string, status: CampaignStatus, policy: string, definition: Record<string, unknown>, startsAt: string | null, endsAt: string | null, createdAt: string, startedAt: string | null, stoppedAt: string | null, assignmentCount: number, warnings: Array<string> };

export type CampaignLiftFieldsFragment = { absolute: number | null, relative: number | null, pValue: number | null, test: LiftTest, absoluteInterval: { lower: number | null, upper: number | null }, relativeInterval: { lower: number | null, upper: number | null }, revenuePerExposure: { difference: number | null, lower: number | null, upper: number | null, pValue: number | null, degreesOfFreedom: number | null } };

export type CampaignGroupFieldsFragment = { exposures: number, conversions: number, conversionRate: number | null, revenue: number, revenuePerExposure: number | null, conversionRateInterval: { lower: number | null, upper: number | null } };

export type CampaignsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type CampaignsQuery = { campaigns: Array<{ id: string, name: string, status: CampaignStatus, policy: string, definition: Record<string, unknown>, startsAt: string | null, endsAt: string | null, createdAt: string, startedAt: string | null, stoppedAt: string | null, assignmentCount: number, warnings: Array<string> }> };

export type CampaignQueryVariables = Exact<{
  id: string;
  asOf?: string | Date | null | undefined;
  fairnessBy?: string | null | undefined;
  fairnessMinGroupSize?: number | null | undefined;
}>;


export type CampaignQuery = { campaign: { id: string, name: string, status: CampaignStatus, policy: string, definition: Record<string, unknown>, startsAt: string | null, endsAt: string | null, createdAt: string, startedAt: string | null, stoppedAt: string | null, assignmentCount: number, warnings: Array<string>, results: { asOf: string | null, attributionWindowDays: number, confidence: number, cost: number, realizedCost: number, budget: number | null, notes: Array<string>, outcomes: { knownUntil: string | null, assignments: number, windowsClosed: number, purchasesInWindows: number, note: string | null }, arms: Array<{ arm: string, name: string, cost: number, realizedCost: number, controlKind: string, metrics: { exposures: number, conversions: number, conversionRate: number | null, revenue: number, revenuePerExposure: number | null, conversionRateInterval: { lower: number | null, upper: number | null } }, control: { exposures: number, conversions: number, conversionRate: number | null, revenue: number, revenuePerExposure: number | null, conversionRateInterval: { lower: number | null, upper: number | null } }, lift: { absolute: number | null, relative: number | null, pValue: number | null, test: LiftTest, absoluteInterval: { lower: number | null, upper: number | null }, relativeInterval: { lower: number | null, upper: number | null }, revenuePerExposure: { difference: number | null, lower: number | null, upper: number | null, pValue: number | null, degreesOfFreedom: number | null } } }>, overall: { metrics: { exposures: number, conversions: number, conversionRate: number | null, revenue: number, revenuePerExposure: number | null, conversionRateInterval: { lower: number | null, upper: number | null } }, lift: { absolute: number | null, relative: number | null, pValue: number | null, test: LiftTest, absoluteInterval: { lower: number | null, upper: number | null }, relativeInterval: { lower: number | null, upper: number | null }, revenuePerExposure: { difference: number | null, lower: number | null, upper: number | null, pValue: number | null, degreesOfFreedom: number | null } } }, holdout: { exposures: number, conversions: number, conversionRate: number | null, revenue: number, revenuePerExposure: number | null, conversionRateInterval: { lower: number | null, upper: number | null } }, globalHoldout: { exposures: number, conversions: number, conversionRate: number | null, revenue: number, revenuePerExposure: number | null, conversionRateInterval: { lower: number | null, upper: number | null } } | null, noOffer: { exposures: number, conversions: number, conversionRate: number | null, revenue: number, revenuePerExposure: number | null, conversionRateInterval: { lower: number | null, upper: number | null } }, uplift: { score: string, customers: number, missingScore: number, enough: boolean, minPerCell: number, qiniCoefficient: number | null, note: string | null, bins: Array<{ treated: number, control: number, treatedRate: number | null, controlRate: number | null, uplift: number | null }>, qini: Array<{ customers: number, incrementalConversions: number }> } | null, fairness: { by: string, threshold: number, minGroupSize: number, flagged: Array<string>, warnings: Array<string>, groups: Array<{ name: string, customers: number, offered: number, offerRate: number | null, meanDiscount: number | null, offerRateRatio: number | null, discountRatio: number | null, flags: Array<string>, small: boolean }> } } } | null };

export type CreateCampaignMutationVariables = Exact<{
  input: CampaignInput;
}>;


export type CreateCampaignMutation = { createCampaign: { id: string, name: string, status: CampaignStatus, policy: string, definition: Record<string, unknown>, startsAt: string | null, endsAt: string | null, createdAt: string, startedAt: string | null, stoppedAt: string | null, assignmentCount: number, warnings: Array<string> } };

export type StartCampaignMutationVariables = Exact<{
  id: string;
}>;


export type StartCampaignMutation = { startCampaign: { decided: number, holdout: number, globalHoldout: number, noOffer: number, alreadyAssigned: number, refusedCustomers: number, cost: number, warnings: Array<string>, campaign: { id: string, name: string, status: CampaignStatus, policy: string, definition: Record<string, unknown>, startsAt: string | null, endsAt: string | null, createdAt: string, startedAt: string | null, stoppedAt: string | null, assignmentCount: number, warnings: Array<string> }, offered: Array<{ key: string, count: number }>, refused: Array<{ key: string, count: number }> } };

export type StopCampaignMutationVariables = Exact<{
  id: string;
}>;


export type StopCampaignMutation = { stopCampaign: { id: string, name: string, status: CampaignStatus, policy: string, definition: Record<string, unknown>, startsAt: string | null, endsAt: string | null, createdAt: string, startedAt: string | null, stoppedAt: string | null, assignmentCount: number, warnings: Array<string> } };

export type OfferForMutationVariables = Exact<{
  customerId: string;
  campaignId: string;
}>;


export type OfferForMutation = { offerFor: { campaignId: string, customerId: string, offered: boolean, arm: string | null, armName: string | null, couponCode: string | null, holdout: boolean, sticky: boolean, assignedAt: string | null, refusals: Array<{ rule: OfferRefusalRule, message: string }> } };

export type DemandForecastQueryVariables = Exact<{
  first: number;
  skus?: Array<string> | string | null | undefined;
  atRisk: boolean;
  period: DemandPeriod;
  horizon?: number | null | undefined;
  historyPeriods?: number | null | undefined;
  asOf?: string | Date | null | undefined;
  level?: number | null | undefined;
  leadTimeDays?: number | null | undefined;
  serviceLevel?: number | null | undefined;
}>;


export type DemandForecastQuery = { demandForecast: { asOf: string, period: DemandPeriod, horizon: number, level: number, leadTimeDays: number, serviceLevel: number, historyStart: string, historyEnd: string, totalItems: number, itemsWithoutDemand: number, warnings: Array<string>, items: Array<{ sku: string, title: string | null, stock: number | null, demandClass: string, method: string, params: Record<string, unknown>, sigma: number, history: { start: string, periods: number, units: number, purchased: number, returned: number }, periods: Array<{ start: string, mean: number, lower: number, upper: number }>, reorder: { stock: number, leadTimeDemand: number, safetyStock: number, reorderPoint: number, reorderNow: boolean, suggestedOrder: number, stockoutAt: string | null, daysOfCover: number | null } | null }> } };

export type DemandBacktestQueryVariables = Exact<{
  period: DemandPeriod;
  horizon?: number | null | undefined;
  historyPeriods?: number | null | undefined;
  asOf?: string | Date | null | undefined;
  level?: number | null | undefined;
}>;


export type DemandBacktestQuery = { demandBacktest: { asOf: string, period: DemandPeriod, horizon: number, level: number, historyStart: string, testStart: string, testEnd: string, items: number, newItems: number, actualUnits: number, chosen: Record<string, unknown>, demandClasses: Record<string, unknown>, warnings: Array<string>, scores: Array<{ method: string, wape: number | null, bias: number | null, mase: number | null, maseItems: number, coverage: number | null, coverageWithSales: number | null, fellBack: number }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SegmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment SegmentFields on Segment {
  id
  name
  kind
  definition
  size
  refreshedAt
  createdAt
}
    `, {"fragmentName":"SegmentFields"}) as unknown as TypedDocumentString<SegmentFieldsFragment, unknown>;
export const CampaignFieldsFragmentDoc = new TypedDocumentString(`
    fragment CampaignFields on Campaign {
  id
  name
  status
  policy
  definition
  startsAt
  endsAt
  createdAt
  startedAt
  stoppedAt
  assignmentCount
  warnings
}
    `, {"fragmentName":"CampaignFields"}) as unknown as TypedDocumentString<CampaignFieldsFragment, unknown>;
export const CampaignLiftFieldsFragmentDoc = new TypedDocumentString(`
    fragment CampaignLiftFields on CampaignLift {
  absolute
  absoluteInterval {
    lower
    upper
  }
  relative
  relativeInterval {
    lower
    upper
  }
  pValue
  test
  revenuePerExposure {
    difference
    lower
    upper
    pValue
    degreesOfFreedom
  }
}
    `, {"fragmentName":"CampaignLiftFields"}) as unknown as TypedDocumentString<CampaignLiftFieldsFragment, unknown>;
export const CampaignGroupFieldsFragmentDoc = new TypedDocumentString(`
    fragment CampaignGroupFields on CampaignGroupMetrics {
  exposures
  conversions
  conversionRate
  conversionRateInterval {
    lower
    upper
  }
  revenue
  revenuePerExposure
}
    `, {"fragmentName":"CampaignGroupFields"}) as unknown as TypedDocumentString<CampaignGroupFieldsFragment, unknown>;
export const HealthDocument = new TypedDocumentString(`
    query Health {
  health {
    status
    database
  }
}
    `) as unknown as TypedDocumentString<HealthQuery, HealthQueryVariables>;
export const HealthCountsDocument = new TypedDocumentString(`
    query HealthCounts {
  health {
    status
    database
    counts {
      customers
      items
      events
      models
    }
  }
}
    `) as unknown as TypedDocumentString<HealthCountsQuery, HealthCountsQueryVariables>;
export const CustomerDocument = new TypedDocumentString(`
    query Customer($id: String!, $first: PageSize!, $after: String) {
  customer(id: $id) {
    externalId
    country
    attributes
    consent {
      marketing
      personalization
      analytics
    }
    createdAt
    updatedAt
    scores {
      model
      score
      computedAt
    }
    events(first: $first, after: $after) {
      edges {
        cursor
        node {
          eventId
          type
          sku
          timestamp
          quantity
          unitPrice
          rating
          query
          sessionId
          orderId
          item {
            sku
            title
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerQuery, CustomerQueryVariables>;
export const ItemDocument = new TypedDocumentString(`
    query Item($sku: String!) {
  item(sku: $sku) {
    sku
    title
    categoryPath
    price
    currency
    stock
    inStock
    attributes
    createdAt
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<ItemQuery, ItemQueryVariables>;
export const ModelsDocument = new TypedDocumentString(`
    query Models($first: PageSize!, $after: String) {
  models(first: $first, after: $after) {
    id
    name
    version
    kind
    params
    metrics
    trainedAt
    active
    sizeBytes
  }
}
    `) as unknown as TypedDocumentString<ModelsQuery, ModelsQueryVariables>;
export const ShopDocument = new TypedDocumentString(`
    query Shop {
  shop {
    customers
    items
    events
    eventsByType {
      type
      count
    }
    rejects
    firstEventAt
    lastEventAt
    topItems {
      sku
      title
      units
    }
    topCountries {
      country
      customers
      revenue
    }
  }
}
    `) as unknown as TypedDocumentString<ShopQuery, ShopQueryVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys($first: PageSize!, $after: String) {
  apiKeys(first: $first, after: $after) {
    keyId
    scopes
    label
    createdAt
    revokedAt
    lastUsedAt
  }
}
    `) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const TrackEventsDocument = new TypedDocumentString(`
    mutation TrackEvents($events: [EventInput!]!, $sentAt: DateTimeISO) {
  trackEvents(events: $events, sentAt: $sentAt) {
    inserted
    duplicates
    differing
    conflicts {
      index
      field
      message
    }
    erased
    rejected
    errors {
      index
      field
      message
    }
  }
}
    `) as unknown as TypedDocumentString<TrackEventsMutation, TrackEventsMutationVariables>;
export const UpsertItemsDocument = new TypedDocumentString(`
    mutation UpsertItems($items: [ItemInput!]!) {
  upsertItems(items: $items) {
    inserted
    updated
  }
}
    `) as unknown as TypedDocumentString<UpsertItemsMutation, UpsertItemsMutationVariables>;
export const UpsertCustomersDocument = new TypedDocumentString(`
    mutation UpsertCustomers($customers: [CustomerInput!]!) {
  upsertCustomers(customers: $customers) {
    inserted
    updated
    erased
  }
}
    `) as unknown as TypedDocumentString<UpsertCustomersMutation, UpsertCustomersMutationVariables>;
export const CustomerDataExportDocument = new TypedDocumentString(`
    query CustomerDataExport($id: String!) {
  customerDataExport(id: $id)
}
    `) as unknown as TypedDocumentString<CustomerDataExportQuery, CustomerDataExportQueryVariables>;
export const PrivacyReportDocument = new TypedDocumentString(`
    query PrivacyReport($retentionDays: Int, $minGroupSize: Int, $asOf: DateTimeISO) {
  privacyReport(
    retentionDays: $retentionDays
    minGroupSize: $minGroupSize
    asOf: $asOf
  ) {
    asOf
    customers
    consent {
      analytics {
        granted
        refused
        unrecorded
      }
      personalization {
        granted
        refused
        unrecorded
      }
      marketing {
        granted
        refused
        unrecorded
      }
    }
    attributes {
      name
      customers
      identifier
    }
    events {
      namingCustomers
      anonymous
      oldestAt
    }
    retention {
      days
      cutoff
      inactiveCustomers
    }
    erasure {
      listed
      lastAt
      modelsTrainedBefore {
        name
        version
        kind
        trainedAt
        active
      }
    }
    rejectedImportFields
    smallCountries {
      minGroupSize
      countries {
        country
        customers
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PrivacyReportQuery, PrivacyReportQueryVariables>;
export const DeleteCustomerDocument = new TypedDocumentString(`
    mutation DeleteCustomer($id: String!, $asGiven: Boolean = false) {
  deleteCustomer(id: $id, asGiven: $asGiven) {
    found
    total
    tables {
      table
      rows
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteCustomerMutation, DeleteCustomerMutationVariables>;
export const RestoreCustomerDocument = new TypedDocumentString(`
    mutation RestoreCustomer($id: String!) {
  restoreCustomer(id: $id)
}
    `) as unknown as TypedDocumentString<RestoreCustomerMutation, RestoreCustomerMutationVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($scopes: [Scope!]!, $label: String) {
  createApiKey(scopes: $scopes, label: $label) {
    key
    apiKey {
      keyId
      scopes
      label
      createdAt
      revokedAt
      lastUsedAt
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($keyId: String!) {
  revokeApiKey(keyId: $keyId)
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const RecommendationsDocument = new TypedDocumentString(`
    query Recommendations($customerId: String!, $first: PageSize!, $rules: RecommendationRulesInput, $context: RecommendationContextInput, $explain: Boolean! = false) {
  recommendations(
    customerId: $customerId
    first: $first
    rules: $rules
    context: $context
  ) {
    strategy
    ignoredCartItems
    items {
      sku
      title
      score
      reason
      because @include(if: $explain) {
        sku
        title
        event
        contribution
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RecommendationsQuery, RecommendationsQueryVariables>;
export const RelatedDocument = new TypedDocumentString(`
    query Related($sku: String!, $first: PageSize!, $rules: RecommendationRulesInput, $explain: Boolean! = false) {
  item(sku: $sku) {
    related(first: $first, rules: $rules) {
      sku
      title
      score
      reason
      because @include(if: $explain) {
        sku
        title
        event
        contribution
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RelatedQuery, RelatedQueryVariables>;
export const ActivateModelDocument = new TypedDocumentString(`
    mutation ActivateModel($name: String!, $version: Int!) {
  activateModel(name: $name, version: $version) {
    id
    name
    version
    active
  }
}
    `) as unknown as TypedDocumentString<ActivateModelMutation, ActivateModelMutationVariables>;
export const TrainPropensityDocument = new TypedDocumentString(`
    mutation TrainPropensity($horizonDays: Int!, $model: String!, $params: JSONObject, $asOf: DateTimeISO, $dryRun: Boolean!, $force: Boolean!, $fairnessBy: String!, $fairnessMinGroupSize: Int!) {
  trainPropensity(
    horizonDays: $horizonDays
    model: $model
    params: $params
    asOf: $asOf
    dryRun: $dryRun
    force: $force
    fairnessBy: $fairnessBy
    fairnessMinGroupSize: $fairnessMinGroupSize
  ) {
    version
    model
    horizonDays
    scoreName
    asOf
    cutoff
    customers
    positives
    excludedByConsent
    holdout {
      customers
      positives
      baseRate
      rocAuc
      rocAucStandardError
      prAuc
      logLoss
      brier
      liftTopDecile
    }
    baseline {
      baseRate
      rocAuc
      prAuc
      logLoss
      brier
    }
    worseThanBaseline
    active {
      version
      model
      asOf
      customers
      positives
      rocAuc
      prAuc
      logLoss
      brier
      baselineLogLoss
      sameHoldout
      differences
    }
    importances {
      feature
      aucDrop
      std
    }
    calibration {
      lower
      upper
      count
      meanPredicted
      fractionPositive
    }
    fairness {
      by
      minGroupSize
      disparityThreshold
      decision {
        threshold
        share
        selectedShare
      }
      groups {
        name
        customers
        positives
        baseRate
        meanScore
        selected
        selectionRate
        truePositiveRate
        falsePositiveRate
        precision
        rocAuc
        calibrationInTheLarge
        brier
        selectionRateRatio
        flags
        small
      }
      judged
      flagged
      disparities {
        demographicParityDifference
        demographicParityRatio
        equalOpportunityDifference
        falsePositiveRateDifference
        equalizedOddsDifference
        rocAucMin
        rocAucMax
      }
    }
    warnings
    scored
    activated
  }
}
    `) as unknown as TypedDocumentString<TrainPropensityMutation, TrainPropensityMutationVariables>;
export const PruneModelsDocument = new TypedDocumentString(`
    mutation PruneModels($name: String, $keep: Int, $trainedBeforeErasure: Boolean) {
  pruneModels(
    name: $name
    keep: $keep
    trainedBeforeErasure: $trainedBeforeErasure
  ) {
    id
    name
    version
    sizeBytes
  }
}
    `) as unknown as TypedDocumentString<PruneModelsMutation, PruneModelsMutationVariables>;
export const TrainDocument = new TypedDocumentString(`
    mutation Train($model: String!, $params: JSONObject) {
  train(model: $model, params: $params) {
    id
    model
    status
    progress
    message
    startedAt
    finishedAt
    version
    metrics
    warnings
    error
  }
}
    `) as unknown as TypedDocumentString<TrainMutation, TrainMutationVariables>;
export const TrainingJobDocument = new TypedDocumentString(`
    query TrainingJob($id: String!) {
  trainingJob(id: $id) {
    id
    model
    status
    progress
    message
    startedAt
    finishedAt
    version
    metrics
    warnings
    error
  }
}
    `) as unknown as TypedDocumentString<TrainingJobQuery, TrainingJobQueryVariables>;
export const CustomerBehaviorDocument = new TypedDocumentString(`
    query CustomerBehavior($id: String!, $asOf: DateTimeISO) {
  customer(id: $id) {
    behavior(asOf: $asOf) {
      asOf
      recencyDays
      frequency
      monetary
      averageOrderValue
      tenureDays
      daysSinceLastEvent
      sessions
      views
      addToCarts
      purchases
      viewToCartRate
      cartToPurchaseRate
      returns
      returnValue
      meanPrice
      categoryShares {
        category
        share
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerBehaviorQuery, CustomerBehaviorQueryVariables>;
export const CustomerInsightsDocument = new TypedDocumentString(`
    query CustomerInsights($id: String!, $segments: PageSize!) {
  customer(id: $id) {
    externalId
    profile {
      orders
      revenue
      averageOrderValue
      units
      firstPurchaseAt
      lastPurchaseAt
      returns
      returnValue
      rfm {
        recency
        frequency
        monetary
        computedAt
      }
    }
    segments(first: $segments) {
      since
      segment {
        id
        name
        kind
      }
    }
    propensity {
      horizonDays
      probability
      computedAt
    }
    clv {
      clv
      probabilityAlive
      expectedPurchases
      horizonDays
      computedAt
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerInsightsQuery, CustomerInsightsQueryVariables>;
export const SegmentsDocument = new TypedDocumentString(`
    query Segments($first: PageSize!, $kind: SegmentKind, $after: String) {
  segments(first: $first, kind: $kind, after: $after) {
    ...SegmentFields
    revenueShare
  }
}
    fragment SegmentFields on Segment {
  id
  name
  kind
  definition
  size
  refreshedAt
  createdAt
}`) as unknown as TypedDocumentString<SegmentsQuery, SegmentsQueryVariables>;
export const SegmentDocument = new TypedDocumentString(`
    query Segment($id: String!, $first: PageSize!, $after: String) {
  segment(id: $id) {
    ...SegmentFields
    revenueShare
    members(first: $first, after: $after) {
      edges {
        cursor
        since
        node {
          externalId
          country
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment SegmentFields on Segment {
  id
  name
  kind
  definition
  size
  refreshedAt
  createdAt
}`) as unknown as TypedDocumentString<SegmentQuery, SegmentQueryVariables>;
export const CreateSegmentDocument = new TypedDocumentString(`
    mutation CreateSegment($input: SegmentInput!) {
  createSegment(input: $input) {
    size
    added
    removed
    segment {
      ...SegmentFields
    }
  }
}
    fragment SegmentFields on Segment {
  id
  name
  kind
  definition
  size
  refreshedAt
  createdAt
}`) as unknown as TypedDocumentString<CreateSegmentMutation, CreateSegmentMutationVariables>;
export const RefreshSegmentDocument = new TypedDocumentString(`
    mutation RefreshSegment($id: String!) {
  refreshSegment(id: $id) {
    size
    added
    removed
    segment {
      ...SegmentFields
    }
  }
}
    fragment SegmentFields on Segment {
  id
  name
  kind
  definition
  size
  refreshedAt
  createdAt
}`) as unknown as TypedDocumentString<RefreshSegmentMutation, RefreshSegmentMutationVariables>;
export const ComputeCustomerAnalyticsDocument = new TypedDocumentString(`
    mutation ComputeCustomerAnalytics($asOf: DateTimeISO, $horizonDays: Int) {
  computeCustomerAnalytics(asOf: $asOf, horizonDays: $horizonDays) {
    asOf
    customers
    scoresWritten
    segmentsRefreshed
    lifetimeValueSkipped
    lifetimeValueWarnings
    rulesSkipped
  }
}
    `) as unknown as TypedDocumentString<ComputeCustomerAnalyticsMutation, ComputeCustomerAnalyticsMutationVariables>;
export const CampaignsDocument = new TypedDocumentString(`
    query Campaigns($first: PageSize!, $after: String) {
  campaigns(first: $first, after: $after) {
    ...CampaignFields
  }
}
    fragment CampaignFields on Campaign {
  id
  name
  status
  policy
  definition
  startsAt
  endsAt
  createdAt
  startedAt
  stoppedAt
  assignmentCount
  warnings
}`) as unknown as TypedDocumentString<CampaignsQuery, CampaignsQueryVariables>;
export const CampaignDocument = new TypedDocumentString(`
    query Campaign($id: String!, $asOf: DateTimeISO, $fairnessBy: String, $fairnessMinGroupSize: Int = 30) {
  campaign(id: $id) {
    ...CampaignFields
    results(
      asOf: $asOf
      fairnessBy: $fairnessBy
      fairnessMinGroupSize: $fairnessMinGroupSize
    ) {
      asOf
      attributionWindowDays
      outcomes {
        knownUntil
        assignments
        windowsClosed
        purchasesInWindows
        note
      }
      confidence
      cost
      realizedCost
      budget
      arms {
        arm
        name
        cost
        realizedCost
        metrics {
          ...CampaignGroupFields
        }
        control {
          ...CampaignGroupFields
        }
        controlKind
        lift {
          ...CampaignLiftFields
        }
      }
      overall {
        metrics {
          ...CampaignGroupFields
        }
        lift {
          ...CampaignLiftFields
        }
      }
      holdout {
        ...CampaignGroupFields
      }
      globalHoldout {
        ...CampaignGroupFields
      }
      noOffer {
        ...CampaignGroupFields
      }
      uplift {
        score
        customers
        missingScore
        enough
        minPerCell
        bins {
          treated
          control
          treatedRate
          controlRate
          uplift
        }
        qini {
          customers
          incrementalConversions
        }
        qiniCoefficient
        note
      }
      fairness {
        by
        threshold
        minGroupSize
        flagged
        groups {
          name
          customers
          offered
          offerRate
          meanDiscount
          offerRateRatio
          discountRatio
          flags
          small
        }
        warnings
      }
      notes
    }
  }
}
    fragment CampaignFields on Campaign {
  id
  name
  status
  policy
  definition
  startsAt
  endsAt
  createdAt
  startedAt
  stoppedAt
  assignmentCount
  warnings
}
fragment CampaignLiftFields on CampaignLift {
  absolute
  absoluteInterval {
    lower
    upper
  }
  relative
  relativeInterval {
    lower
    upper
  }
  pValue
  test
  revenuePerExposure {
    difference
    lower
    upper
    pValue
    degreesOfFreedom
  }
}
fragment CampaignGroupFields on CampaignGroupMetrics {
  exposures
  conversions
  conversionRate
  conversionRateInterval {
    lower
    upper
  }
  revenue
  revenuePerExposure
}`) as unknown as TypedDocumentString<CampaignQuery, CampaignQueryVariables>;
export const CreateCampaignDocument = new TypedDocumentString(`
    mutation CreateCampaign($input: CampaignInput!) {
  createCampaign(input: $input) {
    ...CampaignFields
  }
}
    fragment CampaignFields on Campaign {
  id
  name
  status
  policy
  definition
  startsAt
  endsAt
  createdAt
  startedAt
  stoppedAt
  assignmentCount
  warnings
}`) as unknown as TypedDocumentString<CreateCampaignMutation, CreateCampaignMutationVariables>;
export const StartCampaignDocument = new TypedDocumentString(`
    mutation StartCampaign($id: String!) {
  startCampaign(id: $id) {
    campaign {
      ...CampaignFields
    }
    decided
    offered {
      key
      count
    }
    holdout
    globalHoldout
    noOffer
    alreadyAssigned
    refused {
      key
      count
    }
    refusedCustomers
    cost
    warnings
  }
}
    fragment CampaignFields on Campaign {
  id
  name
  status
  policy
  definition
  startsAt
  endsAt
  createdAt
  startedAt
  stoppedAt
  assignmentCount
  warnings
}`) as unknown as TypedDocumentString<StartCampaignMutation, StartCampaignMutationVariables>;
export const StopCampaignDocument = new TypedDocumentString(`
    mutation StopCampaign($id: String!) {
  stopCampaign(id: $id) {
    ...CampaignFields
  }
}
    fragment CampaignFields on Campaign {
  id
  name
  status
  policy
  definition
  startsAt
  endsAt
  createdAt
  startedAt
  stoppedAt
  assignmentCount
  warnings
}`) as unknown as TypedDocumentString<StopCampaignMutation, StopCampaignMutationVariables>;
export const OfferForDocument = new TypedDocumentString(`
    mutation OfferFor($customerId: String!, $campaignId: String!) {
  offerFor(customerId: $customerId, campaignId: $campaignId) {
    campaignId
    customerId
    offered
    arm
    armName
    couponCode
    holdout
    sticky
    assignedAt
    refusals {
      rule
      message
    }
  }
}
    `) as unknown as TypedDocumentString<OfferForMutation, OfferForMutationVariables>;
export const DemandForecastDocument = new TypedDocumentString(`
    query DemandForecast($first: PageSize!, $skus: [String!], $atRisk: Boolean!, $period: DemandPeriod!, $horizon: Int, $historyPeriods: Int, $asOf: DateTimeISO, $level: Float, $leadTimeDays: Float, $serviceLevel: Float) {
  demandForecast(
    first: $first
    skus: $skus
    atRisk: $atRisk
    period: $period
    horizon: $horizon
    historyPeriods: $historyPeriods
    asOf: $asOf
    level: $level
    leadTimeDays: $leadTimeDays
    serviceLevel: $serviceLevel
  ) {
    asOf
    period
    horizon
    level
    leadTimeDays
    serviceLevel
    historyStart
    historyEnd
    totalItems
    itemsWithoutDemand
    warnings
    items {
      sku
      title
      stock
      demandClass
      method
      params
      sigma
      history {
        start
        periods
        units
        purchased
        returned
      }
      periods {
        start
        mean
        lower
        upper
      }
      reorder {
        stock
        leadTimeDemand
        safetyStock
        reorderPoint
        reorderNow
        suggestedOrder
        stockoutAt
        daysOfCover
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DemandForecastQuery, DemandForecastQueryVariables>;
export const DemandBacktestDocument = new TypedDocumentString(`
    query DemandBacktest($period: DemandPeriod!, $horizon: Int, $historyPeriods: Int, $asOf: DateTimeISO, $level: Float) {
  demandBacktest(
    period: $period
    horizon: $horizon
    historyPeriods: $historyPeriods
    asOf: $asOf
    level: $level
  ) {
    asOf
    period
    horizon
    level
    historyStart
    testStart
    testEnd
    items
    newItems
    actualUnits
    scores {
      method
      wape
      bias
      mase
      maseItems
      coverage
      coverageWithSales
      fellBack
    }
    chosen
    demandClasses
    warnings
  }
}
    `) as unknown as TypedDocumentString<DemandBacktestQuery, DemandBacktestQueryVariables>;