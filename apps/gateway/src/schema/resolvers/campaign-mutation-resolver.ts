import { createCampaign, loadCampaign, offerFor, startCampaign, stopCampaign } from '@storewise/engine';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { maySeeCustomer, requireCustomerData } from '../../auth/check-scopes.js';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import { CampaignInput } from '../inputs/campaign-input.js';
import { checkIdLength } from '../inputs/check-inputs.js';
import { Campaign, CampaignOffer, CampaignStart } from '../types/campaign.js';
import { campaignCall, countList, toCampaign, toOffer } from './campaign-views.js';

/** Campaign actions, at the server's current time (replays on past data are the CLI's `--at`). */
@Resolver()
export class CampaignMutationResolver {
  @Mutation(() => Campaign, {
    complexity: 20,
    description:
      'Checks a campaign definition and stores it as a draft (a draft with the same id is replaced; a running or stopped campaign is not).',
  })
  @Access('write')
  async createCampaign(
    @Arg('input', () => CampaignInput) input: CampaignInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<Campaign> {
    return toCampaign(
      await campaignCall(
        'input.definition.id',
        () => createCampaign(ctx.storage, input.definition),
        'input.definition',
      ),
    );
  }

  @Mutation(() => CampaignStart, {
    complexity: 100,
    description:
      'Starts a draft now: assigns its whole audience (holdout, policy, guardrails, budget) in one transaction, unless it waits for a trigger.',
  })
  @Access('write')
  async startCampaign(
    @Arg('id', () => String) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<CampaignStart> {
    checkIdLength('id', id);
    const summary = await campaignCall('id', () => startCampaign(ctx.storage, id, new Date()));
    const campaign = await ctx.storage.getCampaign(id);
    return {
      campaign: toCampaign(campaign!),
      decided: summary.decided,
      offered: countList(summary.offered),
      holdout: summary.holdout,
      globalHoldout: summary.globalHoldout,
      noOffer: summary.noOffer,
      alreadyAssigned: summary.alreadyAssigned,
      refused: countList(summary.refused),
      refusedCustomers: summary.refusedCustomers,
      cost: summary.cost,
      warnings: summary.warnings,
    };
  }

  @Mutation(() => Campaign, {
    complexity: 10,
    description: 'Stops a running campaign now: no new offers; assignments and results stay.',
  })
  @Access('write')
  async stopCampaign(@Arg('id', () => String) id: string, @Ctx() ctx: GatewayContext): Promise<Campaign> {
    checkIdLength('id', id);
    return toCampaign(await campaignCall('id', () => stopCampaign(ctx.storage, id, new Date())));
  }

  @Mutation(() => CampaignOffer, {
    complexity: 10,
    description:
      "The customer's offer in the campaign: their assignment if they have one (sticky: the same answer every time, so a retry is safe), else a decision made now, or every reason there is none.",
  })
  @Access('write', 'storefront')
  async offerFor(
    @Arg('customerId', () => String) customerId: string,
    @Arg('campaignId', () => String) campaignId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<CampaignOffer> {
    checkIdLength('customerId', customerId);
    checkIdLength('campaignId', campaignId);
    // An offer spends budget, may carry a coupon and tells the customer's assignment: a storefront key
    // (in a web page, where anyone can name any id, or make one up) gets it for the customer its customer
    // token names only.
    requireCustomerData(ctx.principal, 'offerFor', customerId, ['write']);
    const { def } = await campaignCall('campaignId', () => loadCampaign(ctx.storage, campaignId));
    const decision = await campaignCall('campaignId', () =>
      offerFor(ctx.storage, campaignId, customerId, new Date()),
    );
    const armNames = new Map(def.arms.map((a) => [a.id, a.name]));
    // The campaign's budget and costs are the shop's own figures, not for a web page.
    return toOffer(
      campaignId,
      customerId,
      decision,
      armNames,
      !maySeeCustomer(ctx.principal, null, ['write']),
    );
  }
}
