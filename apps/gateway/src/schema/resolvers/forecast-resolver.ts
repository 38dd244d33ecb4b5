import {
  backtestDemand,
  DemandForecastError,
  type DemandForecastOptions,
  type DemandBacktest as EngineBacktest,
  type DemandForecast as EngineForecast,
  type ItemDemandForecast as EngineItemForecast,
  forecastDemand,
  itemsAtRisk,
  itemsByDemand,
} from '@storewise/engine';
import { GraphQLError } from 'graphql/index.js';
import { Arg, Ctx, Float, Int, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context.js';
import { cachedForecast, oneAtATime } from '../../loaders/forecast-cache.js';
import { Access } from '../access.js';
import { DemandPeriodValue } from '../enums.js';
import { checkIdLength, checkListLength } from '../inputs/check-inputs.js';
import { DateTimeScalar, PageSizeScalar } from '../scalars.js';
import { DemandBacktest, DemandForecast } from '../types/demand-forecast.js';

/** The engine's refusal of an option, as BAD_USER_INPUT naming the argument. */
async function asArguments<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DemandForecastError)
      throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', field: error.field } });
    throw error;
  }
}

/**
 * The engine's options from the arguments given (null: the engine's default), fitted in a worker thread: a
 * catalog of thousands of items takes seconds, which other requests must not wait for.
 */
function engineOptions(
  args: { period: DemandPeriodValue } & Partial<
    Record<'horizon' | 'historyPeriods' | 'level' | 'leadTimeDays' | 'serviceLevel', number | null>
  > & { asOf?: Date | null },
): DemandForecastOptions {
  const options: DemandForecastOptions = { offThread: true };
  for (const [key, value] of Object.entries(args))
    if (value != null) (options as Record<string, unknown>)[key] = value;
  return options;
}

const finiteOrNull = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : v);

function toForecast(f: EngineForecast, items: EngineItemForecast[], first: number): DemandForecast {
  return {
    ...f,
    period: f.period as DemandPeriodValue,
    totalItems: items.length,
    items: items.slice(0, first),
  };
}

function toBacktest(b: EngineBacktest): DemandBacktest {
  return {
    ...b,
    period: b.period as DemandPeriodValue,
    scores: b.scores.map((s) => ({ ...s, wape: finiteOrNull(s.wape), bias: finiteOrNull(s.bias) })),
    chosen: b.chosen as Record<string, number>,
    demandClasses: b.demandClasses as Record<string, number>,
  };
}

/** Demand forecasting over GraphQL: per item, the reorder advice, and a backtest (docs/forecasting.md). */
@Resolver()
export class ForecastResolver {
  @Query(() => DemandForecast, {
    complexity: 50,
    description:
      'Demand per item for the next periods, and for items whose stock is recorded the reorder point and when it runs out. Without skus, every item with demand (a model per item: computed at most once a minute per set of arguments and shared), most demand first, or with atRisk those to reorder now or running out within the horizon, soonest first.',
  })
  @Access('read')
  async demandForecast(
    @Arg('first', () => PageSizeScalar) first: number,
    @Arg('skus', () => [String], {
      nullable: true,
      description: 'Only these items, in this order (at most 100).',
    })
    skus: string[] | null,
    @Arg('atRisk', () => Boolean, {
      defaultValue: false,
      description: 'Only items to reorder now or running out within the horizon.',
    })
    atRisk: boolean,
    @Arg('period', () => DemandPeriodValue, { defaultValue: DemandPeriodValue.WEEK })
    period: DemandPeriodValue,
    @Arg('horizon', () => Int, { nullable: true, description: 'Default 8 weeks, 28 days or 6 months.' })
    horizon: number | null,
    @Arg('historyPeriods', () => Int, {
      nullable: true,
      description: 'Default 104 weeks, 730 days or 36 months.',
    })
    historyPeriods: number | null,
    @Arg('asOf', () => DateTimeScalar, {
      nullable: true,
      description: 'Default: just after the latest purchase or return (views tracked since do not move it).',
    })
    asOf: Date | null,
    @Arg('level', () => Float, { nullable: true, description: 'Coverage of the intervals (default 0.9).' })
    level: number | null,
    @Arg('leadTimeDays', () => Float, { nullable: true, description: 'Default 14.' })
    leadTimeDays: number | null,
    @Arg('serviceLevel', () => Float, { nullable: true, description: 'Default 0.95.' })
    serviceLevel: number | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<DemandForecast> {
    const options = engineOptions({
      period,
      horizon,
      historyPeriods,
      asOf,
      level,
      leadTimeDays,
      serviceLevel,
    });
    if (skus != null) {
      checkListLength('skus', skus.length, 100);
      for (const [k, sku] of skus.entries()) checkIdLength(`skus[${k}]`, sku);
      options.skus = skus;
    }
    const f = await asArguments(() =>
      options.skus ? forecastDemand(ctx.storage, options) : cachedForecast(ctx.storage, options),
    );
    const items = atRisk ? itemsAtRisk(f) : options.skus ? f.items : itemsByDemand(f);
    return toForecast(f, items, first);
  }

  @Query(() => DemandBacktest, {
    complexity: 100,
    description:
      'Holds out the last horizon periods before asOf, forecasts them from the history before, and scores the forecasts against what was sold, next to baselines (a model per item: seconds on thousands of items).',
  })
  @Access('read')
  async demandBacktest(
    @Arg('period', () => DemandPeriodValue, { defaultValue: DemandPeriodValue.WEEK })
    period: DemandPeriodValue,
    @Arg('horizon', () => Int, { nullable: true }) horizon: number | null,
    @Arg('historyPeriods', () => Int, { nullable: true }) historyPeriods: number | null,
    @Arg('asOf', () => DateTimeScalar, { nullable: true }) asOf: Date | null,
    @Arg('level', () => Float, { nullable: true }) level: number | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<DemandBacktest> {
    const options = engineOptions({ period, horizon, historyPeriods, asOf, level });
    return toBacktest(
      await asArguments(() => oneAtATime(ctx.storage, () => backtestDemand(ctx.storage, options))),
    );
  }
}
