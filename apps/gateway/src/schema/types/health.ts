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
  @Field(() => String, { description: '"ok" while the gateway serves requests.' })
  status!: string;

  @Field(() => String, { description: 'The storage adapter: memory, pglite or postgres.' })
  database!: string;

  @Field(() => StoreCounts, { description: 'What the database holds (needs a key with the read scope).' })
  @Access('read')
  counts!: StoreCounts;
}
