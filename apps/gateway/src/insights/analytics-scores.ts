import { type CustomerScore, declines, type Customer as StoredCustomer } from '@storewise/storage';
import type { Loaders } from '../loaders/loaders.js';

/**
 * A customer's stored scores (RFM, lifetime value, propensity and whatever else a model wrote): none for
 * a customer who declined analytics (consent.analytics false). The analyses leave such customers out; a
 * score from before they declined is not served, by any field (Customer.scores as well as the views).
 */
export async function analyticsScores(customer: StoredCustomer, loaders: Loaders): Promise<CustomerScore[]> {
  return declines(customer.consent, 'analytics') ? [] : await loaders.scores.load(customer.externalId);
}
