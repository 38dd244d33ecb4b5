import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import type { ClientOptions, StorewiseClient } from './client-types.js';
import { StorewiseError } from './errors.js';
import {
  ActivateModelDocument,
  ApiKeysDocument,
  CampaignDocument,
  CampaignsDocument,
  ComputeCustomerAnalyticsDocument,
  CreateApiKeyDocument,
  CreateCampaignDocument,
  CreateSegmentDocument,
  CustomerBehaviorDocument,
  CustomerDataExportDocument,
  CustomerDocument,
  CustomerInsightsDocument,
  DeleteCustomerDocument,
  DemandBacktestDocument,
  DemandForecastDocument,
  HealthCountsDocument,
  HealthDocument,
  ItemDocument,
  ModelsDocument,
  OfferForDocument,
  PrivacyReportDocument,
  PruneModelsDocument,
  RecommendationsDocument,
  RefreshSegmentDocument,
  RelatedDocument,
  RestoreCustomerDocument,
  RevokeApiKeyDocument,
  SegmentDocument,
  SegmentsDocument,
  ShopDocument,
  StartCampaignDocument,
  StopCampaignDocument,
  TrackEventsDocument,
  TrainDocument,
  TrainingJobDocument,
  TrainPropensityDocument,
  UpsertCustomersDocument,
  UpsertItemsDocument,
} from './generated/graphql.generated.js';
import { Transport } from './transport.js';

/**
 * `data` whose `recommendations` field is not null: safe() throws on any error, and the field is null only
 * with one (the schema makes it nullable so that a query's other fields survive an untrained model).
 */
function served<D extends { recommendations: unknown }>(
  data: D,
): D & { recommendations: NonNullable<D['recommendations']> } {
  if (data.recommendations === null)
    throw new StorewiseError('the gateway sent no recommendations and no error', 'BAD_RESPONSE', null);
  return data as D & { recommendations: NonNullable<D['recommendations']> };
}

export function createClient(options: ClientOptions): StorewiseClient {
  const t = new Transport(options);
  const safe = <R, V>(doc: DocumentTypeDecoration<R, V>, vars: V) => t.request(doc, vars, true);
  return {
    health: async () => (await safe(HealthDocument, {})).health,
    healthCounts: async () => (await safe(HealthCountsDocument, {})).health,
    customer: async (id, page = {}) =>
      (await safe(CustomerDocument, { id, first: page.first ?? 20, after: page.after ?? null })).customer,
    customerInsights: async (id) => (await safe(CustomerInsightsDocument, { id, segments: 100 })).customer,
    customerBehavior: async (id, asOf) =>
      (await safe(CustomerBehaviorDocument, { id, asOf: asOf ?? null })).customer?.behavior ?? null,
    segments: async (o = {}) =>
      (await safe(SegmentsDocument, { first: o.first ?? 100, kind: o.kind ?? null, after: o.after ?? null }))
        .segments,
    segment: async (id, page = {}) =>
      (await safe(SegmentDocument, { id, first: page.first ?? 20, after: page.after ?? null })).segment,
    createSegment: async (input) => (await safe(CreateSegmentDocument, { input })).createSegment,
    refreshSegment: async (id) => (await safe(RefreshSegmentDocument, { id })).refreshSegment,
    computeCustomerAnalytics: async (o = {}) =>
      (
        await t.request(
          ComputeCustomerAnalyticsDocument,
          {
            ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
            ...(o.horizonDays !== undefined ? { horizonDays: o.horizonDays } : {}),
          },
          false,
        )
      ).computeCustomerAnalytics,
    campaigns: async (first = 100, after) =>
      (await safe(CampaignsDocument, { first, after: after ?? null })).campaigns,
    campaign: async (id, o = {}) =>
      (
        await safe(CampaignDocument, {
          id,
          asOf: o.asOf ?? null,
          fairnessBy: o.fairnessBy ?? null,
          ...(o.fairnessMinGroupSize !== undefined ? { fairnessMinGroupSize: o.fairnessMinGroupSize } : {}),
        })
      ).campaign,
    createCampaign: async (definition) =>
      (await safe(CreateCampaignDocument, { input: { definition } })).createCampaign,
    startCampaign: async (id) => (await t.request(StartCampaignDocument, { id }, false)).startCampaign,
    stopCampaign: async (id) => (await t.request(StopCampaignDocument, { id }, false)).stopCampaign,
    offerFor: async (customerId, campaignId) =>
      (await safe(OfferForDocument, { customerId, campaignId })).offerFor,
    item: async (sku) => (await safe(ItemDocument, { sku })).item,
    recommendations: async (customerId, o = {}) =>
      served(
        await safe(RecommendationsDocument, {
          customerId,
          first: o.first ?? 10,
          rules: o.rules ?? null,
          context:
            o.cartItemIds || o.categories
              ? {
                  ...(o.cartItemIds ? { cartItemIds: o.cartItemIds } : {}),
                  ...(o.categories ? { categories: o.categories } : {}),
                }
              : null,
          explain: o.explain ?? false,
        }),
      ).recommendations,
    related: async (sku, o = {}) =>
      (
        await safe(RelatedDocument, {
          sku,
          first: o.first ?? 10,
          rules: o.rules ?? null,
          explain: o.explain ?? false,
        })
      ).item?.related ?? null,
    models: async (first = 100, after) =>
      (await safe(ModelsDocument, { first, after: after ?? null })).models,
    shop: async () => (await safe(ShopDocument, {})).shop,
    demandForecast: async (o = {}) =>
      (
        await safe(DemandForecastDocument, {
          first: o.first ?? 20,
          skus: o.skus ?? null,
          atRisk: o.atRisk ?? false,
          period: o.period ?? 'WEEK',
          horizon: o.horizon ?? null,
          historyPeriods: o.historyPeriods ?? null,
          asOf: o.asOf ?? null,
          level: o.level ?? null,
          leadTimeDays: o.leadTimeDays ?? null,
          serviceLevel: o.serviceLevel ?? null,
        })
      ).demandForecast,
    demandBacktest: async (o = {}) =>
      (
        await safe(DemandBacktestDocument, {
          period: o.period ?? 'WEEK',
          horizon: o.horizon ?? null,
          historyPeriods: o.historyPeriods ?? null,
          asOf: o.asOf ?? null,
          level: o.level ?? null,
        })
      ).demandBacktest,
    trackEvents: async (events, o = {}) =>
      (
        await t.request(TrackEventsDocument, { events, sentAt: o.sentAt ?? null }, true, {
          keepalive: o.keepalive ?? false,
        })
      ).trackEvents,
    upsertItems: async (items) => (await safe(UpsertItemsDocument, { items })).upsertItems,
    upsertCustomers: async (customers) =>
      (await safe(UpsertCustomersDocument, { customers })).upsertCustomers,
    customerDataExport: async (id) => (await safe(CustomerDataExportDocument, { id })).customerDataExport,
    privacyReport: async (o = {}) =>
      (
        await safe(PrivacyReportDocument, {
          retentionDays: o.retentionDays ?? null,
          minGroupSize: o.minGroupSize ?? null,
          asOf: o.asOf ?? null,
        })
      ).privacyReport,
    deleteCustomer: async (id, o = {}) =>
      (await safe(DeleteCustomerDocument, { id, asGiven: o.asGiven ?? false })).deleteCustomer,
    restoreCustomer: async (id) => (await safe(RestoreCustomerDocument, { id })).restoreCustomer,
    apiKeys: async (first = 100, after) =>
      (await safe(ApiKeysDocument, { first, after: after ?? null })).apiKeys,
    train: async (model = 'auto', params) => {
      const job = (await t.request(TrainDocument, { model, params: params ?? null }, false)).train;
      if (job === null) throw new StorewiseError('the gateway started no training job', 'BAD_RESPONSE', null);
      return job;
    },
    trainingJob: async (id) => (await safe(TrainingJobDocument, { id })).trainingJob,
    activateModel: async (name, version) =>
      (await safe(ActivateModelDocument, { name, version })).activateModel,
    trainPropensity: async (options = {}) =>
      (
        await t.request(
          TrainPropensityDocument,
          {
            horizonDays: options.horizonDays ?? 30,
            model: options.model ?? 'logreg',
            params: options.params ?? null,
            asOf: options.asOf ?? null,
            dryRun: options.dryRun ?? false,
            force: options.force ?? false,
            fairnessBy: options.fairnessBy ?? 'country',
            fairnessMinGroupSize: options.fairnessMinGroupSize ?? 30,
          },
          false,
        )
      ).trainPropensity,
    pruneModels: async (options = {}) =>
      (
        await safe(PruneModelsDocument, {
          name: options.name ?? null,
          keep: options.keep ?? 5,
          trainedBeforeErasure: options.trainedBeforeErasure ?? false,
        })
      ).pruneModels,
    createApiKey: async (scopes, label) =>
      (await t.request(CreateApiKeyDocument, { scopes, label: label ?? null }, false)).createApiKey,
    revokeApiKey: async (keyId) => (await safe(RevokeApiKeyDocument, { keyId })).revokeApiKey,
    request: (doc, vars, opts) => t.request(doc, vars, opts?.idempotent ?? false),
    execute: (doc, vars, opts) => t.execute(doc, vars, opts?.idempotent ?? false),
  };
}
