import { Field, Float, Int, ObjectType } from 'type-graphql';
import { listCost } from '../../limits';

@ObjectType({ description: 'Residents in one age band, by sex.' })
export class AgeBandCount {
  @Field({ description: 'Age band in years, e.g. "0-4", "25-44", "85+".' })
  ageBand!: string;

  @Field(() => Int, { description: 'Female residents in the band.' })
  female!: number;

  @Field(() => Int, { description: 'Male residents in the band.' })
  male!: number;

  @Field(() => Int, { description: 'All residents in the band.' })
  total!: number;
}

@ObjectType({ description: "An area's residents (a ward's, a locality's or the borough's) by age band and sex, summed from its LSOAs." })
export class PopulationSummary {
  @Field(() => Int, { description: 'All residents.' })
  total!: number;

  @Field(() => Int, { description: 'Female residents.' })
  female!: number;

  @Field(() => Int, { description: 'Male residents.' })
  male!: number;

  @Field(() => [AgeBandCount], { description: 'Residents by age band, youngest first.', complexity: listCost(8) })
  byAgeBand!: AgeBandCount[];

  sourceId!: number;
}

@ObjectType({ description: "One domain of the Indices of Deprivation for a ward, from its LSOAs' domain scores." })
export class DomainScore {
  @Field({
    description:
      'Domain key: income, employment, education, health, crime, barriers, livingEnvironment, idaci (children) or idaopi (older people).',
  })
  domain!: string;

  @Field(() => Float, { description: 'Population-weighted average domain score (higher = more deprived).' })
  score!: number;

  @Field(() => Int, { description: "The ward's rank in the borough on this domain: 1 = most deprived." })
  rankInBorough!: number;
}

@ObjectType({
  description:
    'How deprived the ward is by the Index of Multiple Deprivation, from its LSOAs: the population-weighted ' +
    "average score, the ward's rank in the borough, and how many of its LSOAs are in the most deprived 10% nationally.",
})
export class DeprivationSummary {
  @Field(() => Float, {
    description: "Population-weighted average IMD score of the ward's LSOAs (higher = more deprived).",
  })
  imdScore!: number;

  @Field(() => Int, {
    description: "Rank of the ward among the borough's wards by that score: 1 = most deprived.",
  })
  rankInBorough!: number;

  @Field(() => Int, { description: "How many wards were ranked (the borough's wards with deprivation data)." })
  wardsRanked!: number;

  @Field(() => Float, {
    description: "Population-weighted average national rank of the ward's LSOAs (1 = most deprived of 32,844 in England).",
  })
  averageNationalRank!: number;

  @Field(() => Int, { description: 'Number of LSOAs in the ward.' })
  lsoaCount!: number;

  @Field(() => Int, { description: 'LSOAs in the most deprived 10% nationally (decile 1).' })
  lsoasInMostDeprivedDecile!: number;

  @Field(() => Float, {
    description: "Share of the ward's LSOAs in the most deprived 10% nationally, from 0 to 1.",
  })
  shareInMostDeprivedDecile!: number;

  @Field(() => [DomainScore], {
    description: 'The seven domains and the two supplementary indices (IDACI, IDAOPI), when the edition loaded has them.',
    complexity: listCost(9),
  })
  domains?: DomainScore[];

  /** Whose figures these are, for loading the domains only when asked (DeprivationSummary.domains). */
  wardCode!: string;

  sourceId!: number;
}

@ObjectType({
  description:
    'How deprived a locality or the borough is by the Index of Multiple Deprivation, from all its LSOAs as a ward ' +
    "summary is from the ward's: the population-weighted score and how many LSOAs are in the most deprived 10% nationally.",
})
export class AreaDeprivationSummary {
  @Field(() => Float, { description: "Population-weighted average IMD score of the area's LSOAs (higher = more deprived)." })
  imdScore!: number;

  @Field(() => Float, { description: "Population-weighted average national rank of the area's LSOAs (1 = most deprived in England)." })
  averageNationalRank!: number;

  @Field(() => Int, { description: 'Number of LSOAs in the area.' })
  lsoaCount!: number;

  @Field(() => Int, { description: 'LSOAs in the most deprived 10% nationally (decile 1).' })
  lsoasInMostDeprivedDecile!: number;

  @Field(() => Float, { description: "Share of the area's LSOAs in the most deprived 10% nationally, from 0 to 1." })
  shareInMostDeprivedDecile!: number;

  sourceId!: number;
}

@ObjectType({
  description:
    'The ward profile (as in the JSNA ward profiles): population by age and sex, and a deprivation summary. ' +
    'Each part names its source.',
})
export class WardProfile {
  wardCode!: string;
}
