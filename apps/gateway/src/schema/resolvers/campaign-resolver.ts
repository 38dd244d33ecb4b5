import { campaignReport } from '@storewise/engine';
import { GraphQLError } from 'graphql/index.js';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { Access, pagedCost } from '../access.js';
import { checkIdLength } from '../inputs/check-inputs.js';
import { DateTimeScalar, PageSizeScalar } from '../scalars.js';
import { Campaign } from '../types/campaign.js';
import { CampaignResults } from '../types/campaign-results.js';
import { campaignCall, toCampaign, toResults } from './campaign-views.js';
import { pageAfter } from './list-page.js';

@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => [Campaign], {
    complexity: pagedCost,
    description: 'Campaigns by id; the next page starts after the last id of this one (`after`).',
  })
  @Access('read')
  async campaigns(
    @Arg('first', () => PageSizeScalar) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Campaign[]> {
    checkIdLength('after', after);
    return pageAfter(await ctx.storage.listCampaigns(), (c) => c.id, first, after, 'campaign').map(
      toCampaign,
    );
  }

  @Query(() => Campaign, { nullable: true, description: 'A campaign by id; null if unknown.' })
  @Access('read')
  async campaign(@Arg('id', () => String) id: string, @Ctx() ctx: GatewayContext): Promise<Campaign | null> {
    checkIdLength('id', id);
    const c = await ctx.storage.getCampaign(id);
    return c === null ? null : toCampaign(c);
  }

  @FieldResolver(() => Int, {
    complexity: 10,
    description:
      'Customers assigned so far (offered, holdout, or no offer by the policy). Reads the assignments: costs a scan of the campaign.',
  })
  async assignmentCount(@Root() campaign: Campaign, @Ctx() ctx: GatewayContext): Promise<number> {
    let n = 0;
    for await (const batch of ctx.storage.scanAssignments(campaign.id, { batchSize: 5000 }))
      n += batch.length;
    return n;
  }

  @FieldResolver(() => CampaignResults, {
    complexity: 100,
    description:
      "The measurement (the engine's campaignReport): per arm and for the holdout, exposures, conversions, rate, revenue and lift with a 95% interval and p-value; uplift deciles and Qini by a stored score; fairness by group. Joins every assignment with its purchases: costly, cache it on your side.",
  })
  async results(
    @Root() campaign: Campaign,
    @Arg('asOf', () => DateTimeScalar, {
      nullable: true,
      description: 'Count only purchases before this instant (default: all stored events).',
    })
    asOf: Date | null,
    @Arg('fairnessBy', () => String, {
      nullable: true,
      description: "Group of the fairness report: country or attribute.<name> (default: the definition's).",
    })
    fairnessBy: string | null,
    @Arg('upliftScore', () => String, {
      nullable: true,
      description: "Stored score ranking customers for the uplift deciles (default: the definition's).",
    })
    upliftScore: string | null,
    @Arg('fairnessMinGroupSize', () => Int, {
      defaultValue: 30,
      description:
        'Groups of the fairness report with fewer customers are listed but not judged (at least 1).',
    })
    fairnessMinGroupSize: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<CampaignResults> {
    if (fairnessMinGroupSize < 1)
      throw new GraphQLError(`fairnessMinGroupSize must be at least 1, got ${fairnessMinGroupSize}`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'fairnessMinGroupSize' },
      });
    const report = await campaignCall('fairnessBy', () =>
      campaignReport(ctx.storage, campaign.id, {
        ...(asOf ? { asOf } : {}),
        ...(fairnessBy ? { fairnessBy } : {}),
        ...(upliftScore ? { upliftScore } : {}),
        fairnessMinGroupSize,
      }),
    );
    return toResults(report);
  }
}
