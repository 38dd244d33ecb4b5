import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Why one event of a trackEvents call was refused.' })
export class EventError {
  @Field(() => Int, { description: 'Position of the event in the call.' })
  index!: number;

  @Field(() => String, { description: 'The field at fault, e.g. sku.' })
  field!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class TrackEventsResult {
  @Field(() => Int, { description: 'Events newly stored.' })
  inserted!: number;

  @Field(() => Int, { description: 'Events whose id was already stored (or repeated in the call).' })
  duplicates!: number;

  @Field(() => Int, {
    description:
      'Events not stored because they name a customer erased by deleteCustomer (until restoreCustomer). Always 0 for a storefront key, which is told such events were inserted: a key in a web page must not tell which ids were erased.',
  })
  erased!: number;

  @Field(() => Int, { description: 'Events refused; see errors.' })
  rejected!: number;

  @Field(() => [EventError])
  errors!: EventError[];
}

@ObjectType()
export class UpsertResult {
  @Field(() => Int)
  inserted!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int, {
    description:
      'Customers not stored because deleteCustomer erased them (until restoreCustomer); always 0 for items.',
  })
  erased!: number;
}

@ObjectType()
export class TableCount {
  @Field(() => String)
  table!: string;

  @Field(() => Int)
  rows!: number;
}

@ObjectType({
  description:
    'What deleting a customer removed. The customer stays erased: their later events and records are not stored until restoreCustomer.',
})
export class DeletionReport {
  @Field(() => Boolean, { description: 'Whether the customer existed.' })
  found!: boolean;

  @Field(() => Int, { description: 'Rows removed over all tables.' })
  total!: number;

  @Field(() => [TableCount], { description: 'Rows removed per table (customer, events, scores, ...).' })
  tables!: TableCount[];
}
