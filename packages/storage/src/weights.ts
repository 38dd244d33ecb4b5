import { EVENT_TYPES, type EventType, type EventWeights } from './types.js';
import { StorageInputError } from './validate.js';

/** The event types that carry a non-zero weight, with their weights, in a fixed order. */
export function weightedTypes(weights: EventWeights): [EventType, number][] {
  const out: [EventType, number][] = [];
  for (const [type, w] of Object.entries(weights)) {
    if (!(EVENT_TYPES as readonly string[]).includes(type)) {
      throw new StorageInputError(
        'interaction weights',
        type,
        `is not an event type (${EVENT_TYPES.join(', ')})`,
      );
    }
    if (w === undefined || w === 0) continue;
    if (!Number.isFinite(w))
      throw new StorageInputError('interaction weights', type, `must be a finite number, got ${w}`);
    out.push([type as EventType, w]);
  }
  return out.sort((a, b) => EVENT_TYPES.indexOf(a[0]) - EVENT_TYPES.indexOf(b[0]));
}

/** The weight of one event: the type's weight, times the rating for rating events. */
export function eventWeight(weights: EventWeights, type: EventType, rating: number | null): number {
  const w = weights[type] ?? 0;
  return type === 'rating' ? w * (rating ?? 0) : w;
}
