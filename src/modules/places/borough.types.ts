import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The whole borough: totals across all its wards.' })
export class Borough {
  @Field({ description: 'Name of the borough, e.g. Rotherham.' })
  name!: string;
}
