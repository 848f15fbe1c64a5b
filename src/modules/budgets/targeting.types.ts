import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { Ward } from '../places/ward.entity';

@ArgsType()
export class TargetingArgs {
  @Field(() => String, { nullable: true, description: 'Financial year of the spend, e.g. "2020/21". Default: the latest loaded.' })
  financialYear?: string | null;

  @Field(() => [Int], { nullable: true, description: 'Outcome indicators to show beside each ward (Fingertips IDs).' })
  indicatorIds?: number[] | null;
}

@ObjectType({
  description:
    'One ward in the deprivation targeting view: how deprived it is beside what is spent there per resident, ' +
    'so that spend can be redirected to the most deprived areas.',
})
export class TargetingRow {
  @Field(() => Ward, { description: 'The ward.' })
  ward!: Ward;

  @Field(() => Int, { nullable: true, description: 'Rank by population-weighted IMD score: 1 = most deprived.' })
  deprivationRank!: number | null;

  @Field(() => Float, { nullable: true, description: 'Population-weighted average IMD score.' })
  imdScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of its LSOAs in the most deprived 10% nationally.' })
  shareInMostDeprivedDecile!: number | null;

  @Field(() => Int, { nullable: true, description: 'Residents.' })
  population!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Ward budget and Ward Housing Hub money allocated in the year, in pounds; null when the year has no allocations loaded (see spendNote).',
  })
  wardSpend!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Partner contributions in the year, in pounds; null when the year has no allocations loaded.',
  })
  partnerContributions!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'All of it per resident, in pounds; null when the spend or the residents are unknown.',
  })
  spendPerResident!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the spend is null: no allocations are loaded for the year (the spend is unknown, not £0). Null when the spend is known.',
  })
  spendNote!: string | null;

  /** The ward-budget imports of the year, and the population, deprivation and LSOA lookup the row is worked out from. */
  sourceIds!: number[];

  indicatorIds!: number[] | null;
}
