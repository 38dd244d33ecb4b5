import {
  CustomerExportError,
  heldSpelling,
  importSpelling,
  importSpellingRefusal,
  PrivacyReportError,
  privacyReport,
  writeCustomerData,
} from '@storewise/engine';
import { GraphQLError } from 'graphql/index.js';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireCustomerData } from '../../auth/check-scopes.js';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import { checkId } from '../inputs/check-inputs.js';
import { DateTimeScalar } from '../scalars.js';
import { DeletionReport } from '../types/mutation-results.js';
import { PrivacyReport } from '../types/privacy-report.js';

@Resolver()
export class PrivacyResolver {
  @Query(() => String, {
    complexity: 50,
    description:
      'Everything stored about a customer (record, events, scores, segment memberships and history, campaign assignments, the rejected import rows naming them, erasure status) as one JSON document, for a GDPR access or portability request: the document of `storewise customer export` (docs/privacy.md), as a string. Needs the write scope (as deleteCustomer), or a customer token for this customer (their own data only). An unknown customer is refused (BAD_USER_INPUT on id), saying when they were erased.',
  })
  // A JSON string, not a typed object: the document is a file to hand over whole, and a selection that left a
  // section out would hand over less than the store holds without a word.
  @Access('write', 'customer')
  async customerDataExport(@Arg('id', () => String) id: string, @Ctx() ctx: GatewayContext): Promise<string> {
    checkId('id', id);
    requireCustomerData(ctx.principal, 'Query.customerDataExport', id, ['write']);
    const chunks: string[] = [];
    try {
      await writeCustomerData(ctx.storage, id, (text) => void chunks.push(text));
    } catch (error) {
      if (!(error instanceof CustomerExportError)) throw error;
      // An id as a file spells it (17850.0) when the store holds the one an import made of it (17850).
      const held = await heldSpelling(ctx.storage, id);
      const hint =
        held === null ? '' : `; it holds "${held}" (an import stores the id so): did you mean "${held}"?`;
      throw new GraphQLError(`${error.message}${hint}`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'id' },
      });
    }
    return chunks.join('');
  }

  @Query(() => PrivacyReport, {
    complexity: 100,
    description:
      "An audit of the customer data the store holds (docs/privacy.md): consent per flag, attribute names (flagging those that look like direct identifiers), events, customers inactive for retentionDays (default 730) before asOf (default now), erasures and the models trained before the latest, rejects kept, countries with fewer than minGroupSize (default 5) customers. Counts only, no customer's id (`storewise privacy report --list-inactive` lists the inactive ones).",
  })
  @Access('read')
  async privacyReport(
    @Arg('retentionDays', () => Int, { nullable: true }) retentionDays: number | null,
    @Arg('minGroupSize', () => Int, { nullable: true }) minGroupSize: number | null,
    @Arg('asOf', () => DateTimeScalar, { nullable: true }) asOf: Date | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<PrivacyReport> {
    try {
      const r = await privacyReport(ctx.storage, {
        ...(retentionDays !== null ? { retentionDays } : {}),
        ...(minGroupSize !== null ? { minGroupSize } : {}),
        ...(asOf !== null ? { asOf } : {}),
      });
      const { listed, lastAt, modelsTrainedBefore } = r.erasure;
      return {
        ...r,
        retention: {
          days: r.retention.days,
          cutoff: r.retention.cutoff,
          inactiveCustomers: r.retention.count,
        },
        erasure: { listed, lastAt, modelsTrainedBefore },
      };
    } catch (error) {
      if (!(error instanceof PrivacyReportError)) throw error;
      throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', field: error.field } });
    }
  }

  @Mutation(() => DeletionReport, {
    complexity: 50,
    description:
      'Removes a customer, everything derived from them (events, scores, ...) and the rejected import rows naming them; reports the rows removed per table. The customer is erased: their later events and records (trackEvents, upsertCustomers, imports) are not stored, and counted as erased, until restoreCustomer. Deleting an unknown customer removes nothing and erases them all the same, except an id as a file spells it that imports store otherwise (17850.0 is 17850, " 12347" is 12347): refused (BAD_USER_INPUT on id, naming the id imports store) unless asGiven.',
  })
  @Access('write')
  async deleteCustomer(
    @Arg('id', () => String) id: string,
    @Arg('asGiven', () => Boolean, {
      defaultValue: false,
      description:
        'Erase the id as typed even when the store does not hold it and imports store it otherwise.',
    })
    asGiven: boolean,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeletionReport> {
    checkId('id', id);
    const spelling = asGiven ? null : await importSpelling(ctx.storage, id);
    if (spelling !== null)
      throw new GraphQLError(
        importSpellingRefusal(id, spelling, 'asGiven: true', `deleteCustomer(id: "${spelling.imported}")`),
        { extensions: { code: 'BAD_USER_INPUT', field: 'id' } },
      );
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
    checkId('id', id);
    return ctx.storage.restoreCustomer(id);
  }
}
