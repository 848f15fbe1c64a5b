import { registerEnumType } from 'type-graphql';

/** The 14 police.uk crime types, keyed for GraphQL; the values are the names as police.uk writes them. */
export enum CrimeCategory {
  ANTI_SOCIAL_BEHAVIOUR = 'Anti-social behaviour',
  BICYCLE_THEFT = 'Bicycle theft',
  BURGLARY = 'Burglary',
  CRIMINAL_DAMAGE_AND_ARSON = 'Criminal damage and arson',
  DRUGS = 'Drugs',
  OTHER_CRIME = 'Other crime',
  OTHER_THEFT = 'Other theft',
  POSSESSION_OF_WEAPONS = 'Possession of weapons',
  PUBLIC_ORDER = 'Public order',
  ROBBERY = 'Robbery',
  SHOPLIFTING = 'Shoplifting',
  THEFT_FROM_THE_PERSON = 'Theft from the person',
  VEHICLE_CRIME = 'Vehicle crime',
  VIOLENCE_AND_SEXUAL_OFFENCES = 'Violence and sexual offences',
}

registerEnumType(CrimeCategory, {
  name: 'CrimeCategory',
  description: 'The 14 crime types police.uk publishes (anti-social behaviour is one of them).',
  valuesConfig: Object.fromEntries(Object.entries(CrimeCategory).map(([key, value]) => [key, { description: `police.uk "${value}".` }])),
});

export const CRIME_CATEGORIES: readonly string[] = Object.values(CrimeCategory);
