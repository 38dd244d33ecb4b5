import type { DeletionReport } from './types.js';

/** The report of deleting a customer the store does not hold: nothing removed from any table. */
export function nothingDeleted(): DeletionReport {
  return {
    customer: 0,
    events: 0,
    scores: 0,
    segmentMembers: 0,
    segmentSnapshots: 0,
    campaignAssignments: 0,
    importRejects: 0,
  };
}
