import { Field, Float, InputType } from 'type-graphql';
import { EventTypeValue } from '../enums.js';
import { DateTimeScalar } from '../scalars.js';

@InputType({ description: 'One event to track. Sending the same eventId again stores it once.' })
export class EventInput {
  @Field(() => String, { description: 'Your id for the event (at most 128 characters); makes retries safe.' })
  eventId!: string;

  @Field(() => EventTypeValue)
  type!: EventTypeValue;

  @Field(() => String, { nullable: true, description: 'Your customer id; null for anonymous visitors.' })
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for every type but search.' })
  sku?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it happened; default: when received.' })
  timestamp?: Date | null;

  @Field(() => Float, { nullable: true })
  quantity?: number | null;

  @Field(() => Float, { nullable: true })
  unitPrice?: number | null;

  @Field(() => Float, { nullable: true, description: 'Required for rating events.' })
  rating?: number | null;

  @Field(() => String, { nullable: true, description: 'Required for search events.' })
  query?: string | null;

  @Field(() => String, { nullable: true })
  sessionId?: string | null;

  @Field(() => String, { nullable: true })
  orderId?: string | null;
}
