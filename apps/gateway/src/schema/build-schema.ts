import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql/index.js';
import { buildSchemaSync } from 'type-graphql';
import { ApiKeyResolver } from './resolvers/api-key-resolver.js';
import { CampaignMutationResolver } from './resolvers/campaign-mutation-resolver.js';
import { CampaignResolver } from './resolvers/campaign-resolver.js';
import { CatalogResolver } from './resolvers/catalog-resolver.js';
import { CustomerInsightResolver } from './resolvers/customer-insight-resolver.js';
import { CustomerResolver } from './resolvers/customer-resolver.js';
import { EventResolver } from './resolvers/event-resolver.js';
import { ForecastResolver } from './resolvers/forecast-resolver.js';
import { HealthResolver } from './resolvers/health-resolver.js';
import { InsightResolver } from './resolvers/insight-resolver.js';
import { ItemFieldsResolver } from './resolvers/item-fields-resolver.js';
import { ModelFieldsResolver } from './resolvers/model-fields-resolver.js';
import { ModelPruneResolver } from './resolvers/model-prune-resolver.js';
import { PrivacyResolver } from './resolvers/privacy-resolver.js';
import { PropensityResolver } from './resolvers/propensity-resolver.js';
import {
  CustomerRecommendationsResolver,
  RecommendationResolver,
  RecommendedItemResolver,
  RelatedItemsResolver,
} from './resolvers/recommendation-resolver.js';
import { SegmentMutationResolver } from './resolvers/segment-mutation-resolver.js';
import { SegmentResolver } from './resolvers/segment-resolver.js';
import { TrackingResolver } from './resolvers/tracking-resolver.js';
import { TrainingResolver } from './resolvers/training-resolver.js';
import { DateTimeScalar } from './scalars.js';

let cached: GraphQLSchema | null = null;

/** The gateway's executable schema, built once from the type-graphql resolvers. */
export function buildGatewaySchema(): GraphQLSchema {
  cached ??= buildSchemaSync({
    resolvers: [
      HealthResolver,
      CustomerResolver,
      EventResolver,
      CatalogResolver,
      ItemFieldsResolver,
      InsightResolver,
      ForecastResolver,
      TrackingResolver,
      TrainingResolver,
      PrivacyResolver,
      PropensityResolver,
      ModelPruneResolver,
      ModelFieldsResolver,
      RecommendationResolver,
      RelatedItemsResolver,
      RecommendedItemResolver,
      CustomerRecommendationsResolver,
      ApiKeyResolver,
      CustomerInsightResolver,
      SegmentResolver,
      SegmentMutationResolver,
      CampaignResolver,
      CampaignMutationResolver,
    ],
    // Every Date field and argument, declared or reflected, takes dates alone too (scalars.ts).
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
  });
  return cached;
}

/** The schema's SDL, sorted so that the committed copy changes only when the schema does. */
export function printGatewaySchema(): string {
  return printSchema(lexicographicSortSchema(buildGatewaySchema()));
}
