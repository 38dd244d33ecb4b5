import { Field, Int, ObjectType } from 'type-graphql';
import { Access } from '../access.js';

@ObjectType()
export class StoreCounts {
  @Field(() => Int)
  customers!: number;

  @Field(() => Int)
  items!: number;

  @Field(() => Int)
  events!: number;

  @Field(() => Int)
  models!: number;
}

@ObjectType({ description: 'Whether the gateway and its database answer.' })
export class Health {
  @Field(() => String, {
    description:
      '"ok" when the database answers a cheap read within 2 s, else "store unreachable" (as /readyz).',
  })
  status!: string;

  @Field(() => String, { description: 'The storage adapter: memory, pglite or postgres.' })
  database!: string;

  @Field(() => StoreCounts, { description: 'What the database holds (needs a key with the read scope).' })
  @Access('read')
  counts!: StoreCounts;
}
