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

@ObjectType({ description: "An area's residents by age band and sex (a ward's summed from its LSOAs), in the latest population edition." })
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

@ObjectType({
  description: "One domain of the Indices of Deprivation for a ward (from its LSOAs' domain scores) or an LSOA (as published).",
})
export class DomainScore {
  @Field({
    description:
      'Domain key: income, employment, education, health, crime, barriers, livingEnvironment, idaci (children) or idaopi (older people).',
  })
  domain!: string;

  @Field(() => Float, {
    description: "The domain score (higher = more deprived): a ward's is its LSOAs' population-weighted average.",
  })
  score!: number;

  @Field(() => Int, {
    description: "The area's rank on this domain among the borough's wards (for a ward) or LSOAs (for an LSOA): 1 = most deprived.",
  })
  rankInBorough!: number;

  @Field(() => Int, {
    nullable: true,
    description: "An LSOA's national rank on this domain as published (1 = most deprived of 32,844); null for a ward.",
  })
  nationalRank?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "An LSOA's national decile on this domain as published (1 = most deprived 10%); null for a ward.",
  })
  nationalDecile?: number | null;
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

@ObjectType('LsoaDeprivation', {
  description:
    "An LSOA's Index of Multiple Deprivation figures in the latest edition loaded, as published, with its rank among " +
    "the borough's LSOAs.",
})
export class LsoaDeprivationSummary {
  @Field(() => Float, { description: 'IMD score (higher = more deprived).' })
  imdScore!: number;

  @Field(() => Int, { description: 'National IMD rank: 1 = most deprived of the 32,844 LSOAs in England.' })
  nationalRank!: number;

  @Field(() => Int, { description: 'National IMD decile: 1 = most deprived 10% of LSOAs in England.' })
  nationalDecile!: number;

  @Field(() => Int, { description: "Rank among the borough's LSOAs by IMD score: 1 = most deprived." })
  rankInBorough!: number;

  @Field(() => Int, { description: "How many LSOAs were ranked (the borough's LSOAs with deprivation data)." })
  lsoasRanked!: number;

  @Field(() => Int, { description: 'The population denominator the edition published for the LSOA.' })
  population!: number;

  @Field(() => [DomainScore], {
    description: 'The seven domains and the two supplementary indices (IDACI, IDAOPI), when the edition loaded has them.',
    complexity: listCost(9),
  })
  domains?: DomainScore[];

  /** Whose figures these are, for loading the domains only when asked (LsoaDeprivation.domains). */
  lsoaCode!: string;

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
