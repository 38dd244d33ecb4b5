/** The typed client's interface and options (createClient in client.ts returns it). */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import type {
  ActivateModelMutation,
  ApiKeysQuery,
  CampaignQuery,
  CampaignsQuery,
  ComputeCustomerAnalyticsMutation,
  CreateApiKeyMutation,
  CreateCampaignMutation,
  CreateSegmentMutation,
  CustomerBehaviorQuery,
  CustomerInput,
  CustomerInsightsQuery,
  CustomerQuery,
  DeleteCustomerMutation,
  DemandBacktestQuery,
  DemandForecastQuery,
  DemandPeriod,
  EventInput,
  HealthCountsQuery,
  HealthQuery,
  ItemInput,
  ItemQuery,
  ModelsQuery,
  OfferForMutation,
  PrivacyReportQuery,
  PruneModelsMutation,
  RecommendationRulesInput,
  RecommendationsQuery,
  RefreshSegmentMutation,
  RelatedQuery,
  Scope,
  SegmentInput,
  SegmentKind,
  SegmentQuery,
  SegmentsQuery,
  ShopQuery,
  StartCampaignMutation,
  StopCampaignMutation,
  TrackEventsMutation,
  TrainingJobQuery,
  TrainMutation,
  TrainPropensityMutation,
  UpsertCustomersMutation,
  UpsertItemsMutation,
} from './generated/graphql.generated.js';
import type { GraphQLResult, TransportOptions } from './transport.js';

export type ClientOptions = TransportOptions;

export interface PageOptions {
  /** Entries per page, 1 to 100 (default 20). */
  first?: number;
  /** `pageInfo.endCursor` of the previous page. */
  after?: string | null;
}

/** Options of demand forecasts (docs/forecasting.md); the gateway's defaults where left out. */
export interface DemandForecastOptions {
  /** Default WEEK. */
  period?: DemandPeriod;
  horizon?: number;
  historyPeriods?: number;
  asOf?: Date;
  /** Coverage of the intervals (default 0.9). */
  level?: number;
}

export interface StockOptions extends DemandForecastOptions {
  /** How many items, 1 to 100 (default 20). */
  first?: number;
  /** Only these items, in this order. */
  skus?: string[];
  /** Only items to reorder now or running out within the horizon, soonest first. */
  atRisk?: boolean;
  /** Default 14. */
  leadTimeDays?: number;
  /** Default 0.95. */
  serviceLevel?: number;
}

export interface RecommendationOptions {
  /** How many items, 1 to 100 (default 10). */
  first?: number;
  /**
   * The shop's rules. A customer's list leaves out what they bought or rated unless `excludeBought` is
   * false (items bought again); a cart's leaves them out only with `excludeBought: true`.
   */
  rules?: RecommendationRulesInput;
  /**
   * SKUs in the cart: recommend what goes with them. Those the store does not know (a product not yet
   * synced, a gift card) are left out of the scoring and named in the answer's `ignoredCartItems`; a blank
   * or over-long one is refused (BAD_USER_INPUT).
   */
  cartItemIds?: string[];
  /**
   * Category paths the visitor is browsing ("Home > Kitchen"): a list of popular items (a visitor the
   * model does not know) puts these categories' items first.
   */
  categories?: string[];
  /**
   * Ask for each item's `because` (the items of the customer's history, or the cart, that led to it).
   * Read keys, or a storefront key with the customer's token (`customerToken`): it names what the customer
   * bought or viewed, so a storefront key without one is refused it.
   */
  explain?: boolean;
}

/**
 * A typed Storewise client. Every method's arguments and result are typed from the gateway's schema;
 * `request` runs any typed document. Calls that are safe to repeat (all but createApiKey, train,
 * computeCustomerAnalytics, startCampaign and stopCampaign) are retried with backoff after network errors,
 * 429 and 502-504; trackEvents is safe because event ids make it idempotent, createSegment and
 * createCampaign because they store the same draft again, offerFor because offers are sticky (a repeat
 * returns the assignment the first call made).
 */
export interface StorewiseClient {
  health(): Promise<HealthQuery['health']>;
  healthCounts(): Promise<HealthCountsQuery['health']>;
  customer(id: string, page?: PageOptions): Promise<CustomerQuery['customer']>;
  /** A customer's purchase profile, segments, propensity and lifetime value; null when unknown. */
  customerInsights(id: string): Promise<CustomerInsightsQuery['customer']>;
  /** A customer's behaviour as of a time (default: after the latest event); null for an unknown customer, none yet, or declined analytics. */
  customerBehavior(
    id: string,
    asOf?: Date,
  ): Promise<NonNullable<CustomerBehaviorQuery['customer']>['behavior'] | null>;
  /** Segments by id (at most `first`, default 100), optionally of one kind; `after` the last id of the page before. */
  segments(options?: {
    first?: number;
    kind?: SegmentKind;
    after?: string;
  }): Promise<SegmentsQuery['segments']>;
  /** A segment with its size, revenue share and a page of members; null when unknown. */
  segment(id: string, page?: PageOptions): Promise<SegmentQuery['segment']>;
  /** Creates (or replaces) a rule segment and evaluates it now (write). */
  createSegment(input: SegmentInput): Promise<CreateSegmentMutation['createSegment']>;
  /** Re-evaluates a rule segment now (write). */
  refreshSegment(id: string): Promise<RefreshSegmentMutation['refreshSegment']>;
  /** Runs RFM, clusters and lifetime value on the stored orders and stores them (admin; not retried). */
  computeCustomerAnalytics(options?: {
    asOf?: string | Date;
    horizonDays?: number;
  }): Promise<ComputeCustomerAnalyticsMutation['computeCustomerAnalytics']>;
  /** Campaigns by id (at most `first`, default 100), each with its assignment count; `after` the last id of the page before. */
  campaigns(first?: number, after?: string): Promise<CampaignsQuery['campaigns']>;
  /**
   * A campaign with its results (per arm and holdout: exposures, conversions, lift with a 95% interval and
   * p-value; uplift; fairness), counting purchases before `asOf` if given; null when unknown. Costly.
   * Fairness groups by `fairnessBy` (country or attribute.<name>; default: the definition's) and judges
   * groups of at least `fairnessMinGroupSize` customers (default 30); `fairness.warnings` says what it cannot judge.
   */
  campaign(
    id: string,
    options?: { asOf?: string | Date; fairnessBy?: string; fairnessMinGroupSize?: number },
  ): Promise<CampaignQuery['campaign']>;
  /** Checks a campaign definition (docs/campaigns.md) and stores it as a draft (write). */
  createCampaign(definition: Record<string, unknown>): Promise<CreateCampaignMutation['createCampaign']>;
  /** Starts a draft now and assigns its audience (write; not retried: a repeat would find it running). */
  startCampaign(id: string): Promise<StartCampaignMutation['startCampaign']>;
  /** Stops a running campaign now (write; not retried). */
  stopCampaign(id: string): Promise<StopCampaignMutation['stopCampaign']>;
  /**
   * The customer's offer in a campaign (write, or storefront with that customer's token): the arm and
   * coupon to show, `holdout` (show nothing), or `refusals` saying why there is none. Sticky, so retried
   * safely: a repeat returns the same assignment (with `sticky: true`).
   */
  offerFor(customerId: string, campaignId: string): Promise<OfferForMutation['offerFor']>;
  item(sku: string): Promise<ItemQuery['item']>;
  /**
   * The best items for a customer (popular ones for an unknown customer, and for a storefront key without
   * the customer's token), or for a cart (`ignoredCartItems`: its SKUs the store does not know, left out;
   * a cart of none it knows gets the customer's list). With no recommender trained it throws a StorewiseError with code
   * MODEL_NOT_TRAINED (the schema's field is null then, so that a query of several fields keeps the others).
   */
  recommendations(
    customerId: string,
    options?: RecommendationOptions,
  ): Promise<NonNullable<RecommendationsQuery['recommendations']>>;
  /** Items like `sku`; null when the item is unknown. With no recommender trained it throws (MODEL_NOT_TRAINED). */
  related(
    sku: string,
    options?: Omit<RecommendationOptions, 'cartItemIds' | 'categories'>,
  ): Promise<NonNullable<NonNullable<RelatedQuery['item']>['related']> | null>;
  /** Trained model versions, newest first (at most `first`, default 100); `after` the last id (name@version) of the page before. */
  models(first?: number, after?: string): Promise<ModelsQuery['models']>;
  shop(): Promise<ShopQuery['shop']>;
  /** Demand per item for the next periods, with reorder advice where the stock is recorded (read; most demand first). */
  demandForecast(options?: StockOptions): Promise<DemandForecastQuery['demandForecast']>;
  /** The demand forecasts scored on the last periods before asOf, held out, next to baselines (read). */
  demandBacktest(options?: DemandForecastOptions): Promise<DemandBacktestQuery['demandBacktest']>;
  /**
   * Stores events, idempotent by eventId. `sentAt`: when the call is sent, by the clock that stamped the
   * events' timestamps; the gateway moves each timestamp by its clock's difference from this one, so a
   * device whose clock runs ahead or behind records true times (the tracker sends it on every call).
   * `keepalive`: the request is finished after the page is gone (fetch's keepalive; bodies up to 64 KiB),
   * as the tracker sends its flush when the page is hidden.
   */
  trackEvents(
    events: EventInput[],
    options?: { sentAt?: Date; keepalive?: boolean },
  ): Promise<TrackEventsMutation['trackEvents']>;
  upsertItems(items: ItemInput[]): Promise<UpsertItemsMutation['upsertItems']>;
  upsertCustomers(customers: CustomerInput[]): Promise<UpsertCustomersMutation['upsertCustomers']>;
  /**
   * Everything stored about a customer as JSON text, to hand over as it is (a GDPR access or portability
   * request; write scope, or a customer token for this customer): `JSON.parse` gives the engine's
   * `CustomerDataExport` (docs/privacy.md). An unknown customer is refused (BAD_USER_INPUT).
   */
  customerDataExport(id: string): Promise<string>;
  /**
   * An audit of the customer data the store holds, in counts (read; docs/privacy.md): customers inactive for
   * `retentionDays` (default 730) before `asOf` (default now), countries with fewer than `minGroupSize`
   * (default 5) customers, consent, attributes, erasures and the models trained before the latest.
   */
  privacyReport(options?: {
    retentionDays?: number;
    minGroupSize?: number;
    asOf?: string | Date;
  }): Promise<PrivacyReportQuery['privacyReport']>;
  /**
   * Removes a customer and what is derived from them, and keeps their later events and records out (write).
   * An id as a file spells it that imports store otherwise (17850.0 is 17850) is refused (BAD_USER_INPUT,
   * naming the id imports store) unless `asGiven`.
   */
  deleteCustomer(
    id: string,
    options?: { asGiven?: boolean },
  ): Promise<DeleteCustomerMutation['deleteCustomer']>;
  /** Lifts deleteCustomer's erasure: their events and records are stored again from now on; whether they were erased. */
  restoreCustomer(id: string): Promise<boolean>;
  /** API keys, newest first (at most `first`, default 100); `after` the last keyId of the page before (admin). */
  apiKeys(first?: number, after?: string): Promise<ApiKeysQuery['apiKeys']>;
  /** Starts training the recommender (admin; default auto: the best of several on a holdout; a named model takes its params); poll `trainingJob(id)` for progress. */
  train(model?: string, params?: Record<string, unknown>): Promise<NonNullable<TrainMutation['train']>>;
  trainingJob(id: string): Promise<TrainingJobQuery['trainingJob']>;
  /** Serves a stored version of a recommender again: a rollback without training (admin). */
  activateModel(name: string, version: number): Promise<ActivateModelMutation['activateModel']>;
  /**
   * Trains purchase propensity on the store (admin): holdout metrics, importances, calibration, fairness by
   * customer group (`fairnessBy`: country, the default, or attribute.<name>), the base-rate baseline and the
   * active version's metrics to compare with; stores p_purchase_<N>d unless dryRun, or unless the model does
   * worse than the baseline (`worseThanBaseline`) without `force`.
   */
  trainPropensity(options?: {
    horizonDays?: number;
    model?: string;
    params?: Record<string, unknown>;
    asOf?: Date;
    dryRun?: boolean;
    force?: boolean;
    fairnessBy?: string;
    fairnessMinGroupSize?: number;
  }): Promise<TrainPropensityMutation['trainPropensity']>;
  /**
   * Removes the versions of a model (every model without `name`) older than its newest `keep` (default 5), and
   * with `trainedBeforeErasure` those trained before the latest erasure (docs/privacy.md), except the one
   * served and each model's newest (admin).
   */
  pruneModels(options?: {
    name?: string;
    keep?: number;
    trainedBeforeErasure?: boolean;
  }): Promise<PruneModelsMutation['pruneModels']>;
  createApiKey(scopes: Scope[], label?: string): Promise<CreateApiKeyMutation['createApiKey']>;
  revokeApiKey(keyId: string): Promise<boolean>;
  /** Runs any typed document; throws a StorewiseError on errors. */
  request<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    variables: TVariables,
    options?: { idempotent?: boolean },
  ): Promise<TResult>;
  /** Runs any typed document and returns data, errors and extensions (e.g. `cost`) without throwing. */
  execute<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    variables: TVariables,
    options?: { idempotent?: boolean },
  ): Promise<GraphQLResult<TResult>>;
}
