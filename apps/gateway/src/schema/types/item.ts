import type { Attributes } from '@storewise/storage';
import { Field, Float, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars.js';

@ObjectType({ description: 'A product of the shop, addressed by its SKU.' })
export class Item {
  @Field(() => String)
  sku!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => [String], { description: 'Category path from the root, e.g. ["Home", "Kitchen"].' })
  categoryPath!: string[];

  @Field(() => Float, { nullable: true })
  price!: number | null;

  @Field(() => String, { nullable: true })
  currency!: string | null;

  // stock, inStock and attributes: item-fields-resolver.ts (a storefront key reads less of them).
  stock!: number | null;

  attributes!: Attributes;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}
