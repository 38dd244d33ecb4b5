import {
  checkFilterReferences,
  MAX_HORIZON_DAYS,
  refreshRuleSegment,
  reservedSegmentPrefix,
} from '@storewise/engine';
import { SegmentFilterError, validateSegmentFilter } from '@storewise/storage';
import { GraphQLError } from 'graphql/index.js';
import { Arg, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { runCustomerAnalytics } from '../../insights/customer-analytics.js';
import { Access } from '../access.js';
import { checkIdLength } from '../inputs/check-inputs.js';
import { checkSegmentInput, SegmentInput } from '../inputs/segment-input.js';
import { DateTimeScalar } from '../scalars.js';
import { CustomerAnalyticsRun, SegmentRefresh } from '../types/segment.js';
import { toSegment } from './segment-views.js';

const badInput = (field: string, message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });

/** Evaluates a rule segment's filter now and stores its members. */
async function refreshRule(
  ctx: GatewayContext,
  segment: { id: string; name: string },
  filter: unknown,
  warnings: string[] = [],
): Promise<SegmentRefresh> {
  const result = await refreshRuleSegment(ctx.storage, { ...segment, filter });
  ctx.loaders.forgetSegments();
  const stored = await ctx.storage.getSegment(segment.id);
  return {
    segment: toSegment(stored!),
    size: result.members,
    added: result.added,
    removed: result.removed,
    warnings,
  };
}

@Resolver()
export class SegmentMutationResolver {
  @Mutation(() => SegmentRefresh, {
    complexity: 20,
    description:
      'Creates (or replaces) a rule segment and evaluates its rule now. RFM and cluster segment ids cannot be taken.',
  })
  @Access('write')
  async createSegment(
    @Arg('input', () => SegmentInput) input: SegmentInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<SegmentRefresh> {
    const filter = checkSegmentInput(input);
    // The engine's check, shared with the CLI: the next computeCustomerAnalytics would overwrite a rule
    // segment under 'rfm:' or 'cluster:', even one whose id names no segment yet.
    const reserved = reservedSegmentPrefix(input.id);
    if (reserved !== null) {
      throw badInput(
        'input.id',
        `input.id "${input.id}" starts with ${reserved}, which is reserved for the segments computeCustomerAnalytics stores; choose another id`,
      );
    }
    const existing = await ctx.storage.getSegment(input.id);
    if (existing !== null && existing.kind !== 'rule') {
      throw badInput('input.id', `input.id "${input.id}" is a ${existing.kind} segment; choose another id`);
    }
    // Score and segment names the store does not hold and nothing writes (a typo) refuse the rule, all at
    // once; names analytics writes later are warnings.
    const check = await checkFilterReferences(ctx.storage, validateSegmentFilter(filter), 'input.rule');
    const { problems } = check;
    if (problems.length > 0)
      throw new GraphQLError(
        problems.length === 1
          ? problems[0]!.message
          : `${problems.length} problems: ${problems.map((p) => p.message).join('; ')}`,
        { extensions: { code: 'BAD_USER_INPUT', field: problems[0]!.field, problems } },
      );
    return refreshRule(ctx, { id: input.id, name: input.name }, filter, check.warnings);
  }

  @Mutation(() => SegmentRefresh, {
    complexity: 20,
    description:
      "Evaluates a rule segment's rule now and stores its members (RFM and cluster segments are refreshed by computeCustomerAnalytics).",
  })
  @Access('write')
  async refreshSegment(
    @Arg('id', () => String) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<SegmentRefresh> {
    checkIdLength('id', id);
    const segment = await ctx.storage.getSegment(id);
    if (segment === null) throw badInput('id', `id "${id}" names no segment`);
    if (segment.kind !== 'rule') {
      throw badInput('id', `"${id}" is a ${segment.kind} segment; computeCustomerAnalytics refreshes it`);
    }
    try {
      validateSegmentFilter(segment.definition.filter);
    } catch (error) {
      if (!(error instanceof SegmentFilterError)) throw error;
      throw badInput('id', `"${id}" has no valid rule (${error.message}); store one with createSegment`);
    }
    return refreshRule(ctx, segment, segment.definition.filter);
  }

  @Mutation(() => CustomerAnalyticsRun, {
    complexity: 100,
    description:
      'Runs customer analytics on the stored orders (RFM, clusters, BG/NBD + Gamma-Gamma lifetime value), stores the scores and the RFM and cluster segments, then re-evaluates every rule segment. Reads every order: takes about a second per few thousand customers.',
  })
  @Access('admin')
  async computeCustomerAnalytics(
    @Arg('asOf', () => DateTimeScalar, {
      nullable: true,
      description: 'Only orders before this count; recency is measured to it. Default: the last order.',
    })
    asOf: Date | null,
    @Arg('horizonDays', () => Int, {
      defaultValue: 90,
      description: `Horizon of the expected purchases, in days (1 to ${MAX_HORIZON_DAYS}).`,
    })
    horizonDays: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomerAnalyticsRun> {
    if (horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS)
      throw badInput('horizonDays', `horizonDays must be from 1 to ${MAX_HORIZON_DAYS}`);
    const counts = await ctx.storage.counts();
    if ((counts.eventsByType.purchase ?? 0) === 0)
      throw badInput('asOf', 'there are no purchases to analyse');
    const run = await runCustomerAnalytics(ctx.storage, { horizonDays, ...(asOf ? { asOf } : {}) });
    ctx.loaders.forgetSegments();
    ctx.loaders.scores.clearAll();
    return run;
  }
}
