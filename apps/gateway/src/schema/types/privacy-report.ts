import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars.js';

@ObjectType({ description: 'How many customers granted, refused or never recorded one consent flag.' })
export class ConsentTally {
  @Field(() => Int)
  granted!: number;

  @Field(() => Int)
  refused!: number;

  @Field(() => Int, { description: 'No choice recorded.' })
  unrecorded!: number;
}

@ObjectType()
export class ConsentTallies {
  @Field(() => ConsentTally)
  analytics!: ConsentTally;

  @Field(() => ConsentTally)
  personalization!: ConsentTally;

  @Field(() => ConsentTally)
  marketing!: ConsentTally;
}

@ObjectType({ description: 'An attribute name held and how many customers have a value under it.' })
export class AttributeHeld {
  @Field(() => String)
  name!: string;

  @Field(() => Int)
  customers!: number;

  @Field(() => String, {
    nullable: true,
    description:
      "The kind of direct identifier the name looks like ('e-mail address', 'name', ...), or null; null too when every value held under it is a boolean or a yes/no word.",
  })
  identifier!: string | null;
}

@ObjectType()
export class PrivacyEvents {
  @Field(() => Int)
  namingCustomers!: number;

  @Field(() => Int)
  anonymous!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  oldestAt!: Date | null;
}

@ObjectType({
  description: 'Customers last active (an event, or a record without events) before the cutoff.',
})
export class PrivacyRetention {
  @Field(() => Int)
  days!: number;

  @Field(() => DateTimeScalar, { description: 'asOf less the retention period.' })
  cutoff!: Date;

  @Field(() => Int, { description: 'How many (their ids: storewise privacy report --list-inactive).' })
  inactiveCustomers!: number;
}

@ObjectType({ description: 'A stored model version trained before the latest erasure.' })
export class ModelBeforeErasure {
  @Field(() => String)
  name!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String)
  kind!: string;

  @Field(() => DateTimeScalar)
  trainedAt!: Date;

  @Field(() => Boolean)
  active!: boolean;
}

@ObjectType()
export class PrivacyErasure {
  @Field(() => Int, { description: 'Customers on the erasure list.' })
  listed!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the latest of them whose record the store held was erased (an id it did not hold removed nothing a model was trained on).',
  })
  lastAt!: Date | null;

  @Field(() => [ModelBeforeErasure], {
    description:
      'Model versions trained before lastAt, which may still hold their rows: train again, then pruneModels(trainedBeforeErasure: true) (storewise model prune --trained-before-erasure).',
  })
  modelsTrainedBefore!: ModelBeforeErasure[];
}

@ObjectType()
export class CountryCount {
  @Field(() => String)
  country!: string;

  @Field(() => Int)
  customers!: number;
}

@ObjectType()
export class SmallCountries {
  @Field(() => Int)
  minGroupSize!: number;

  @Field(() => [CountryCount], { description: 'Fewest customers first.' })
  countries!: CountryCount[];
}

@ObjectType({
  description: "An audit of the customer data the store holds (docs/privacy.md): counts, no customer's id.",
})
export class PrivacyReport {
  @Field(() => DateTimeScalar)
  asOf!: Date;

  @Field(() => Int)
  customers!: number;

  @Field(() => ConsentTallies)
  consent!: ConsentTallies;

  @Field(() => [AttributeHeld])
  attributes!: AttributeHeld[];

  @Field(() => PrivacyEvents)
  events!: PrivacyEvents;

  @Field(() => PrivacyRetention)
  retention!: PrivacyRetention;

  @Field(() => PrivacyErasure)
  erasure!: PrivacyErasure;

  @Field(() => Int, {
    description:
      'Rejects kept from imports, one per bad field, with their raw rows (those naming a customer are in their export and removed with them).',
  })
  rejectedImportFields!: number;

  @Field(() => SmallCountries, { description: 'Countries with fewer than minGroupSize customers.' })
  smallCountries!: SmallCountries;
}
