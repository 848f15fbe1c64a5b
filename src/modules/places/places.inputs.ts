import { Field, ID, InputType, registerEnumType } from 'type-graphql';

export enum WardOrderField {
  NAME = 'name',
  CODE = 'code',
}
registerEnumType(WardOrderField, {
  name: 'WardOrderField',
  description: 'What to sort wards by.',
  valuesConfig: { NAME: { description: 'Ward name, A to Z.' }, CODE: { description: 'ONS ward code.' } },
});

export enum OrderDirection {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Ascending: A to Z, smallest first.' }, DESC: { description: 'Descending.' } },
});

@InputType({ description: 'Narrows the list of wards. All the conditions given must hold.' })
export class WardFilter {
  @Field(() => String, { nullable: true, description: 'Only wards in this locality (North, Central or South).' })
  locality?: string | null;

  @Field(() => String, { nullable: true, description: 'Only wards whose name contains this text (any case).' })
  nameContains?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Only wards with these ONS codes.' })
  codes?: string[] | null;
}

@InputType({ description: 'How to sort the list of wards.' })
export class WardOrder {
  @Field(() => WardOrderField, { defaultValue: WardOrderField.NAME, description: 'What to sort by.' })
  field: WardOrderField = WardOrderField.NAME;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Which way to sort.' })
  direction: OrderDirection = OrderDirection.ASC;
}
