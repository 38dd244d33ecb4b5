import { type SegmentFilter, SegmentFilterError, validateSegmentFilter } from '@storewise/storage';
import { GraphQLError } from 'graphql/index.js';
import { Field, InputType } from 'type-graphql';
import { nestedDeeperThan } from '../../limits/input-depth.js';
import { JSONObjectScalar } from '../scalars.js';
import { MAX_ID_LENGTH } from './check-inputs.js';

@InputType({ description: 'A rule segment: its id, name and filter (see docs/segments.md).' })
export class SegmentInput {
  @Field(() => String, { description: 'Your id, e.g. "vip-germany"; not rfm:... or cluster:... ids.' })
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => JSONObjectScalar, {
    description:
      'A filter: { and | or: [filters] }, { not: filter } or { field, <op>: value }, e.g. { "field": "score.clv", "gte": 200 }.',
  })
  rule!: Record<string, unknown>;
}

/**
 * Levels of lists and objects a rule may nest: real rules take a handful. The SQL a rule becomes nests as
 * deeply, and PostgreSQL refuses expressions nested a few hundred levels deep.
 */
export const MAX_RULE_DEPTH = 32;

function refuse(field: string, reason: string): never {
  throw new GraphQLError(`${field} ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/** Checks a createSegment input; returns the validated filter. Errors name the field, inside the rule too. */
export function checkSegmentInput(input: SegmentInput): SegmentFilter {
  for (const key of ['id', 'name'] as const) {
    const value = input[key];
    if (value.trim() === '') refuse(`input.${key}`, 'must not be blank');
    if (value.length > MAX_ID_LENGTH) refuse(`input.${key}`, `must be at most ${MAX_ID_LENGTH} characters`);
  }
  if (nestedDeeperThan(input.rule, MAX_RULE_DEPTH)) {
    refuse(
      'input.rule',
      `is nested too deeply: at most ${MAX_RULE_DEPTH} levels of lists and objects are accepted`,
    );
  }
  try {
    return validateSegmentFilter(input.rule);
  } catch (error) {
    if (!(error instanceof SegmentFilterError)) throw error;
    // The validator names paths from "filter"; the client sent it as input.rule. Every problem at once.
    const problems = error.problems.map((p) => {
      const field = `input.rule${p.path.slice('filter'.length)}`;
      return { field, message: `${field}: ${p.reason}` };
    });
    throw new GraphQLError(
      problems.length === 1
        ? problems[0]!.message
        : `${problems.length} problems: ${problems.map((p) => p.message).join('; ')}`,
      { extensions: { code: 'BAD_USER_INPUT', field: problems[0]!.field, problems } },
    );
  }
}
