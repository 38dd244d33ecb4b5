/**
 * Warnings about a recommender's parameters given the data it is fitted on: settings that fit a model
 * which looks trained and ranks no better than chance. The CLI's `train recs` and `eval recs` print them,
 * the gateway's training job returns them.
 */
import { ALS_MIN_DEFAULT_FACTORS, ALS_SIDE_PER_FACTOR, alsDefaultFactors } from '@storewise/core';
import { recommenderPlugin } from './registry.js';

/**
 * ALS given more factors than it fits by default (min(customers, items) / 10, at least min(8, half of
 * that): alsDefaultFactors): a rank near the smaller side reproduces every customer's row, zeros too, and ranks unseen items by noise (64 factors on 80 items ranked the least
 * popular items first, NDCG@10 0.047 against 0.48 for the most popular). Unset, `factors` is bounded so.
 */
export function fitWarnings(
  model: string,
  params: Readonly<Record<string, unknown>>,
  nCustomers: number,
  nItems: number,
): string[] {
  if (recommenderPlugin(model).name !== 'als' || typeof params.factors !== 'number') return [];
  const bound = alsDefaultFactors(nCustomers, nItems);
  if (params.factors <= bound) return [];
  return [
    `als: factors ${params.factors} is large for ${nCustomers.toLocaleString('en-US')} customers and ${nItems.toLocaleString('en-US')} items: a rank above min(customers, items) / ${ALS_SIDE_PER_FACTOR} (at least min(${ALS_MIN_DEFAULT_FACTORS}, min(customers, items) / 2)) learns noise and can rank below random; leave factors unset (${bound} here) or set at most ${bound}`,
  ];
}

/**
 * Fewest held-out customers an evaluation must rank for its metrics to be worth a look: with fewer, NDCG,
 * recall and hit rate are an average of a handful of 0s and 1s (one customer's two events gave NDCG 1.0),
 * and the 95% interval of a hit rate of 0.5 over 30 customers is still 0.32-0.68 (Wilson).
 */
export const MIN_EVALUATED_CUSTOMERS = 30;

/**
 * A warning when a training's evaluation ranked fewer than MIN_EVALUATED_CUSTOMERS customers (`users`,
 * the customers with events on both sides of the split); none when there was no evaluation (undefined).
 */
export function evaluationWarnings(users: number | undefined): string[] {
  if (users === undefined || users >= MIN_EVALUATED_CUSTOMERS) return [];
  return [
    `the evaluation ranked ${users} held-out ${users === 1 ? 'customer' : 'customers'} (fewer than ${MIN_EVALUATED_CUSTOMERS}): its metrics (ndcg, recall, hitRate, ...) say next to nothing about the model; judge it once more customers have events`,
  ];
}
