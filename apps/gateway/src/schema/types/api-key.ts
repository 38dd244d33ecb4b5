import { Field, ObjectType } from 'type-graphql';
import { ScopeValue } from '../enums.js';
import { DateTimeScalar } from '../scalars.js';

@ObjectType({ description: 'An API key, without its secret (only a SHA-256 of it is stored).' })
export class ApiKey {
  @Field(() => String)
  keyId!: string;

  @Field(() => [ScopeValue])
  scopes!: ScopeValue[];

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Last use, kept to the minute.' })
  lastUsedAt!: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => String, { description: 'The full key, sw_<keyId>_<secret>. Shown this once; store it now.' })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}
