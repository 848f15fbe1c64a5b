import { registerEnumType } from 'type-graphql';

export enum Sex {
  FEMALE = 'female',
  MALE = 'male',
}

registerEnumType(Sex, { name: 'Sex', description: 'Sex as recorded in population estimates.' });

/** Age bands used by the JSNA ward profiles, youngest first. */
export const AGE_BANDS = ['0-4', '5-15', '16-24', '25-44', '45-64', '65-74', '75-84', '85+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
