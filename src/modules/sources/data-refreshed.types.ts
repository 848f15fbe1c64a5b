import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Announces that new data has been loaded and committed: which kinds, from which sources, and which ' +
    'wards it touches. Refetch what you show for those wards.',
})
export class DataRefreshed {
  @Field({ description: 'Where this load is in the stream: resubscribe with it as `since` to resume after it.' })
  cursor!: string;

  @Field(() => [String], { description: 'Kinds of data loaded, e.g. population, deprivation, ward-plans.' })
  kinds!: string[];

  sourceIds!: number[];
}

@ObjectType({ description: 'Rows of an imported file that were read but not loaded, and why.' })
export class SkipCount {
  @Field({ description: 'Why the rows were skipped, e.g. "outside the borough".' })
  reason!: string;

  @Field(() => Int, { description: 'How many rows.' })
  count!: number;
}
