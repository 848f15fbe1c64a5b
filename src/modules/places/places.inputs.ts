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

export enum LsoaOrderField {
  CODE = 'code',
  IMD_SCORE = 'imdScore',
  CRIME_COUNT = 'crimeCount',
  POPULATION = 'population',
}
registerEnumType(LsoaOrderField, {
  name: 'LsoaOrderField',
  description: "What to sort a ward's LSOAs by. LSOAs without the figure come last either way; ties go by code.",
  valuesConfig: {
    CODE: { description: 'ONS LSOA code.' },
    IMD_SCORE: { description: 'Index of Multiple Deprivation score in the latest edition loaded (higher = more deprived).' },
    CRIME_COUNT: { description: 'Crimes recorded in the latest twelve months loaded (as `crime` counts them by default).' },
    POPULATION: { description: 'Residents in the latest population edition loaded.' },
  },
});

@InputType({ description: "How to sort a ward's LSOAs, e.g. most deprived or most crime first to find hot spots." })
export class LsoaOrder {
  @Field(() => LsoaOrderField, { defaultValue: LsoaOrderField.CODE, description: 'What to sort by.' })
  field: LsoaOrderField = LsoaOrderField.CODE;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Which way to sort.' })
  direction: OrderDirection = OrderDirection.ASC;
}
