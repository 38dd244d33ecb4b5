import { Field, Float, ObjectType } from 'type-graphql';
import { Access } from '../access.js';
import { EventTypeValue } from '../enums.js';
import { DateTimeScalar } from '../scalars.js';

@ObjectType({ description: 'A stored event: something a customer (or an anonymous visitor) did.' })
// What a customer did is customer data: each of its fields needs read, however it is reached.
@Access('read')
export class Event {
  @Field(() => String)
  eventId!: string;

  @Field(() => EventTypeValue)
  type!: EventTypeValue;

  @Field(() => String, { nullable: true })
  customerId!: string | null;

  @Field(() => String, { nullable: true })
  sku!: string | null;

  @Field(() => DateTimeScalar)
  timestamp!: Date;

  @Field(() => Float, { nullable: true })
  quantity!: number | null;

  @Field(() => Float, { nullable: true })
  unitPrice!: number | null;

  @Field(() => Float, { nullable: true })
  rating!: number | null;

  @Field(() => String, { nullable: true })
  query!: string | null;

  @Field(() => String, { nullable: true })
  sessionId!: string | null;

  @Field(() => String, { nullable: true })
  orderId!: string | null;

  /** Storage's sequence number, for cursors; not exposed. */
  seq!: number;
}

@ObjectType()
export class EventEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Event)
  node!: Event;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: 'A page of events, oldest first.' })
export class EventConnection {
  @Field(() => [EventEdge])
  edges!: EventEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
