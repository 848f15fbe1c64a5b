import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Announces that new data has been loaded and committed: which kinds, from which sources, and which ' +
    'wards it touches. Refetch what you show for those wards.',
})
export class DataRefreshed {
  @Field(() => [String], { description: 'Kinds of data loaded, e.g. population, deprivation, ward-plans.' })
  kinds!: string[];

  sourceIds!: number[];
}
