import { refreshRuleSegment } from '@storewise/engine';
import type { Storage } from '@storewise/storage';

/** Rule segments created with the demo shop: examples of the filter language over RFM segments, CLV and country. */
export const DEMO_RULE_SEGMENTS = [
  {
    id: 'vip',
    name: 'VIP: champions and loyal customers',
    filter: { field: 'segment', in: ['rfm:champions', 'rfm:loyal'] },
  },
  {
    id: 'high-value-at-risk',
    name: 'High value at risk: at risk or cannot lose, CLV of 500 or more',
    filter: {
      and: [
        { field: 'segment', in: ['rfm:at-risk', 'rfm:cant-lose'] },
        { field: 'score.clv', gte: 500 },
      ],
    },
  },
  {
    id: 'international',
    name: 'International: outside the United Kingdom',
    filter: { field: 'country', ne: 'United Kingdom' },
  },
];

/** Stores the demo rule segments and evaluates them now; returns their sizes by id. */
export async function createDemoSegments(storage: Storage): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const rule of DEMO_RULE_SEGMENTS) sizes[rule.id] = (await refreshRuleSegment(storage, rule)).members;
  return sizes;
}
