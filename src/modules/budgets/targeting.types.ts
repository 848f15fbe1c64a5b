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

  @Field(() => Float, { description: 'Ward budget and Ward Housing Hub money allocated in the year, in pounds.' })
  wardSpend!: number;

  @Field(() => Float, { description: 'Partner contributions in the year, in pounds.' })
  partnerContributions!: number;

  @Field(() => Float, { nullable: true, description: 'All of it per resident, in pounds.' })
  spendPerResident!: number | null;

  indicatorIds!: number[] | null;
}
