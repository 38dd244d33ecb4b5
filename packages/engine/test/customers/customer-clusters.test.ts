import { describe, expect, it } from 'vitest';
import { clusterCustomers } from '../../src/index.js';

describe('clusterCustomers descriptions', () => {
  it('say orders as orders and put "very" where it reads ("bought very recently")', () => {
    // 6 customers who bought a day or two ago with 20+ orders and high spend, 30 one-order customers long
    // lapsed. Two groups of 1/6 and 5/6 put the centroids near z = +-sqrt(5) = 2.24 (past 1.5: "very") and
    // -+sqrt(1/5) = 0.45 (under 0.5: not mentioned) on every feature.
    const recency: number[] = [];
    const orders: number[] = [];
    const spend: number[] = [];
    for (let i = 0; i < 6; i++) {
      recency.push(1 + (i % 2));
      orders.push(20 + i);
      spend.push(2000 + 10 * i);
    }
    for (let i = 0; i < 30; i++) {
      recency.push(300 + i);
      orders.push(1);
      spend.push(20 + i);
    }
    const c = clusterCustomers(
      Float64Array.from(recency),
      Float64Array.from(orders),
      Float64Array.from(spend),
    )!;
    expect(c.k).toBe(2);
    const bySize = [...c.clusters].sort((a, b) => a.customers - b.customers);
    expect(bySize.map((x) => [x.customers, x.description])).toEqual([
      [6, 'very many orders, bought very recently, very high spend'],
      [30, 'typical on all measures'],
    ]);
    expect(bySize[0]!.z.recency_days).toBeCloseTo(-Math.sqrt(5), 2);
  });
});
