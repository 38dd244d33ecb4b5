import type { Segment as StoredSegment } from '@storewise/storage';
import { GraphQLError } from 'graphql/index.js';
import type { Segment, SegmentKindValue } from '../types/segment.js';

/** A stored segment as the GraphQL Segment (its member count is `size`). */
export function toSegment(s: StoredSegment): Segment {
  const { members, kind, ...rest } = s;
  return { ...rest, kind: kind as SegmentKindValue, size: members };
}

const CURSOR_PREFIX = 'member:';

/** A member page cursor: the member's customer id, opaque to clients. */
export const memberCursor = (customerId: string): string =>
  Buffer.from(CURSOR_PREFIX + customerId, 'utf8').toString('base64url');

export function decodeMemberCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(CURSOR_PREFIX) || text.length === CURSOR_PREFIX.length) {
    throw new GraphQLError('after is not a cursor this API returned', {
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  }
  return text.slice(CURSOR_PREFIX.length);
}
