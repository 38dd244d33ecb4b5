import { Field, Float, Int, ObjectType } from 'type-graphql';
import { EventTypeValue } from '../enums.js';
import { DateTimeScalar } from '../scalars.js';

@ObjectType()
export class EventTypeCount {
  @Field(() => EventTypeValue)
  type!: EventTypeValue;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class TopItem {
  @Field(() => String)
  sku!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Float, { description: 'Units purchased minus units returned.' })
  units!: number;
}

@ObjectType()
export class TopCountry {
  @Field(() => String)
  country!: string;

  @Field(() => Int)
  customers!: number;

  @Field(() => Float)
  revenue!: number;
}

@ObjectType({ description: 'What the shop holds: counts, date range, top items and countries.' })
export class ShopReport {
  @Field(() => Int)
  customers!: number;

  @Field(() => Int)
  items!: number;

  @Field(() => Int)
  events!: number;

  @Field(() => [EventTypeCount])
  eventsByType!: EventTypeCount[];

  @Field(() => Int, { description: 'Import rows refused.' })
  rejects!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  firstEventAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastEventAt!: Date | null;

  @Field(() => [TopItem], { description: 'The ten items with most net units sold.' })
  topItems!: TopItem[];

  @Field(() => [TopCountry], { description: 'The ten countries with most customers.' })
  topCountries!: TopCountry[];
}
