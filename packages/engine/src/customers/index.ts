export {
  analyzeCustomerOrders,
  type CustomerAnalytics,
  type CustomerAnalyticsOptions,
  customerAnalytics,
} from './customer-analytics.js';
export {
  CLUSTER_FEATURES,
  type ClusterOptions,
  type ClusterProfile,
  type CustomerClusters,
  clusterCustomers,
} from './customer-clusters.js';
export {
  type CustomerOrders,
  type LoadOrdersOptions,
  loadCustomerOrders,
  MS_PER_DAY,
} from './customer-orders.js';
export {
  type LifetimeInput,
  type LifetimeOptions,
  type LifetimeResult,
  lifetimeValue,
} from './lifetime-value.js';
export { scoreModelNames, storeCustomerScores } from './store-scores.js';
