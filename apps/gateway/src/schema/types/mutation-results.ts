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

@ObjectType('EventConflict', {
  description:
    'One field of an event of a trackEvents call whose eventId was already stored (or came earlier in the call) with other content: the event was not stored, the first stored is kept.',
})
export class EventConflictField {
  @Field(() => Int, { description: 'Position of the event in the call.' })
  index!: number;

  @Field(() => String, {
    description:
      'The field that differs: type, customerId, sku, timestamp, quantity, unitPrice, rating, query, sessionId or orderId.',
  })
  field!: string;

  @Field(() => String, {
    description:
      'What differs; with the stored and the given value, except for a storefront key (it sees no stored event).',
  })
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

  @Field(() => Int, {
    description:
      'Of the duplicates, events whose content differs from the event stored under their id (the first stored is kept); see conflicts. An event without a timestamp (given the time of receipt) is not compared by its time.',
  })
  differing!: number;

  @Field(() => [EventConflictField], {
    description: 'Each differing field of each event counted in differing, in the order of the call.',
  })
  conflicts!: EventConflictField[];

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
