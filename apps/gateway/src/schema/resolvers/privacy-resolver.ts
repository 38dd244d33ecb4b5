import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import { checkIdLength } from '../inputs/check-inputs.js';
import { DeletionReport } from '../types/mutation-results.js';

@Resolver()
export class PrivacyResolver {
  @Mutation(() => DeletionReport, {
    complexity: 50,
    description:
      'Removes a customer and everything derived from them (events, scores, ...); reports the rows removed per table. The customer is erased: their later events and records (trackEvents, upsertCustomers, imports) are not stored, and counted as erased, until restoreCustomer. Deleting an unknown customer removes nothing and erases them all the same.',
  })
  @Access('write')
  async deleteCustomer(
    @Arg('id', () => String) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeletionReport> {
    checkIdLength('id', id);
    const report = await ctx.storage.deleteCustomer(id).finally(() => ctx.histories.forget([id]));
    ctx.loaders.customer.clear(id);
    const tables = Object.entries(report)
      .map(([table, rows]) => ({ table, rows }))
      .sort((a, b) => a.table.localeCompare(b.table));
    return { found: report.customer > 0, total: tables.reduce((s, t) => s + t.rows, 0), tables };
  }

  @Mutation(() => Boolean, {
    complexity: 10,
    description:
      "Lifts the erasure of deleteCustomer: the customer's events and records are stored again from now on (what was left out meanwhile is not brought back). Whether they were erased.",
  })
  @Access('write')
  async restoreCustomer(@Arg('id', () => String) id: string, @Ctx() ctx: GatewayContext): Promise<boolean> {
    checkIdLength('id', id);
    return ctx.storage.restoreCustomer(id);
  }
}
