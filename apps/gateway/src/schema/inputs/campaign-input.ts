import { Field, InputType } from 'type-graphql';
import { JSONObjectScalar } from '../scalars.js';

@InputType({ description: 'A campaign to store as a draft.' })
export class CampaignInput {
  @Field(() => JSONObjectScalar, {
    description:
      'The definition the CLI reads from a file (docs/campaigns.md): { id, name, audience, arms, policy, holdout, frequencyCap, budget, attributionWindowDays, trigger, startsAt, endsAt, report }. The engine checks it field by field; an error names the field, e.g. input.definition.arms[0].costPerOffer.',
  })
  definition!: Record<string, unknown>;
}
