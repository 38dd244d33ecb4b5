import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DemandPeriodValue } from '../enums.js';
import { DateTimeScalar, JSONObjectScalar } from '../scalars.js';

@ObjectType({ description: "A period's forecast demand, in units." })
export class DemandForecastPeriod {
  @Field(() => DateTimeScalar, { description: 'Start of the period; the first holds asOf.' })
  start!: Date;

  @Field(() => Float)
  mean!: number;

  @Field(() => Float, { description: "Lower end of the interval at the forecast's level." })
  lower!: number;

  @Field(() => Float)
  upper!: number;
}

@ObjectType({
  description: 'The stock an item needs, from its forecast (docs/forecasting.md, "Reorder advice").',
})
export class ReorderAdvice {
  @Field(() => Float, { description: 'Units on hand, as the catalog records them.' })
  stock!: number;

  @Field(() => Float, { description: 'Mean demand over the lead time.' })
  leadTimeDemand!: number;

  @Field(() => Float)
  safetyStock!: number;

  @Field(() => Float, { description: 'Order when the stock is at or below this.' })
  reorderPoint!: number;

  @Field(() => Boolean)
  reorderNow!: boolean;

  @Field(() => Float, { description: 'Units to order now (0 when the stock suffices).' })
  suggestedOrder!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the mean demand uses up the stock on hand; null when it lasts past the horizon.',
  })
  stockoutAt!: Date | null;

  @Field(() => Float, { nullable: true })
  daysOfCover!: number | null;
}

@ObjectType({ description: 'The demand the item had in the history its forecast learned from.' })
export class DemandHistory {
  @Field(() => DateTimeScalar)
  start!: Date;

  @Field(() => Int)
  periods!: number;

  @Field(() => Float, { description: 'Purchased less returned units per period (at least 0 each), summed.' })
  units!: number;

  @Field(() => Float)
  purchased!: number;

  @Field(() => Float)
  returned!: number;
}

@ObjectType({ description: "An item's demand forecast." })
export class ItemDemandForecast {
  @Field(() => String)
  sku!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Float, { nullable: true, description: 'Null when the shop does not track its stock.' })
  stock!: number | null;

  @Field(() => String, {
    description:
      'smooth, erratic, intermittent, lumpy (Syntetos-Boylan), or none (no demand in the history).',
  })
  demandClass!: string;

  @Field(() => String, { description: 'The method chosen for the item (docs/forecasting.md).' })
  method!: string;

  @Field(() => JSONObjectScalar, { description: "The method's fitted parameters." })
  params!: Record<string, number>;

  @Field(() => Float, {
    description: "Standard deviation of the method's one-step errors, units per period.",
  })
  sigma!: number;

  @Field(() => DemandHistory)
  history!: DemandHistory;

  @Field(() => [DemandForecastPeriod])
  periods!: DemandForecastPeriod[];

  @Field(() => ReorderAdvice, { nullable: true, description: 'Null when the stock is not tracked.' })
  reorder!: ReorderAdvice | null;
}

@ObjectType({ description: 'Demand forecasts per item, and the reorder advice they give.' })
export class DemandForecast {
  @Field(() => DateTimeScalar)
  asOf!: Date;

  @Field(() => DemandPeriodValue)
  period!: DemandPeriodValue;

  @Field(() => Int)
  horizon!: number;

  @Field(() => Float)
  level!: number;

  @Field(() => Float)
  leadTimeDays!: number;

  @Field(() => Float)
  serviceLevel!: number;

  @Field(() => DateTimeScalar)
  historyStart!: Date;

  @Field(() => DateTimeScalar)
  historyEnd!: Date;

  @Field(() => Int, { description: 'Items forecast (before `first`).' })
  totalItems!: number;

  @Field(() => Int, { description: 'Catalog items left out for having no demand before asOf.' })
  itemsWithoutDemand!: number;

  @Field(() => [ItemDemandForecast])
  items!: ItemDemandForecast[];

  @Field(() => [String])
  warnings!: string[];
}

@ObjectType({ description: "A method's accuracy on the held-out periods." })
export class BacktestScore {
  @Field(() => String, { description: "'auto' (the method chosen per item) or a baseline." })
  method!: string;

  @Field(() => Float, { nullable: true, description: 'Sum of absolute errors over the units sold (WAPE).' })
  wape!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Sum of errors over the units sold: above 0, too high.',
  })
  bias!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean MASE over items (Hyndman and Koehler 2006).' })
  mase!: number | null;

  @Field(() => Int)
  maseItems!: number;

  @Field(() => Float, {
    nullable: true,
    description: "Share of held-out periods within the interval ('auto' only).",
  })
  coverage!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "The same over the held-out periods with sales only ('auto' only): a period without sales falls within any interval starting at 0.",
  })
  coverageWithSales!: number | null;

  @Field(() => Int, {
    description:
      'Items whose history was too short for the baseline: seasonal naive fell back to naive, naive to the mean.',
  })
  fellBack!: number;
}

@ObjectType({ description: 'Demand forecasts scored on the last periods before asOf, held out.' })
export class DemandBacktest {
  @Field(() => DateTimeScalar)
  asOf!: Date;

  @Field(() => DemandPeriodValue)
  period!: DemandPeriodValue;

  @Field(() => Int)
  horizon!: number;

  @Field(() => Float)
  level!: number;

  @Field(() => DateTimeScalar)
  historyStart!: Date;

  @Field(() => DateTimeScalar)
  testStart!: Date;

  @Field(() => DateTimeScalar)
  testEnd!: Date;

  @Field(() => Int)
  items!: number;

  @Field(() => Int, { description: 'Items first sold in the held-out periods (left out).' })
  newItems!: number;

  @Field(() => Float)
  actualUnits!: number;

  @Field(() => [BacktestScore])
  scores!: BacktestScore[];

  @Field(() => JSONObjectScalar, { description: 'How many items each method was chosen for.' })
  chosen!: Record<string, number>;

  @Field(() => JSONObjectScalar, { description: 'How many items fell in each demand class.' })
  demandClasses!: Record<string, number>;

  @Field(() => [String])
  warnings!: string[];
}
