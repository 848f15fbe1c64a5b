import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { listCost } from '../../limits';

@ArgsType()
export class HousingArgs {
  @Field(() => String, { nullable: true, description: 'First month, as YYYY-MM. Default: twelve months before `to`.' })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Last month, as YYYY-MM. Default: the latest month loaded.' })
  to?: string | null;
}

@ObjectType({ description: 'Council housing in a ward for one month.' })
export class HousingFigures {
  @Field({ description: 'Month, as YYYY-MM.' })
  month!: string;

  @Field(() => Int, { description: 'Council homes in the ward.' })
  stock!: number;

  @Field(() => Int, { description: 'Empty homes (voids) at the month end.' })
  voids!: number;

  @Field(() => Float, { nullable: true, description: 'Voids as a share of stock, from 0 to 1.' })
  voidRate!: number | null;

  @Field(() => Int, { description: 'Repairs completed in the month.' })
  repairsCompleted!: number;

  @Field(() => Int, { description: 'Repairs completed within their target time.' })
  repairsInTarget!: number;

  @Field(() => Float, { nullable: true, description: 'Share of repairs completed in target, from 0 to 1.' })
  repairsInTargetShare!: number | null;

  @Field(() => Int, { description: 'Anti-social behaviour cases opened on council tenancies.' })
  tenancyAsbCases!: number;

  @Field(() => Int, { description: 'Homelessness presentations from the ward.' })
  homelessnessPresentations!: number;
}

@ObjectType({ description: "Council housing in a ward over a period: each month, and the period's totals." })
export class HousingSummary {
  @Field({ description: 'First month, as YYYY-MM.' })
  from!: string;

  @Field({ description: 'Last month, as YYYY-MM.' })
  to!: string;

  @Field(() => [HousingFigures], { description: 'Each month with figures, oldest first.', complexity: listCost(24) })
  byMonth!: HousingFigures[];

  @Field(() => Int, { nullable: true, description: 'Council homes in the last month with figures.' })
  latestStock!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average void rate over the period, from 0 to 1.' })
  averageVoidRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of all repairs in the period completed in target.' })
  repairsInTargetShare!: number | null;

  @Field(() => Int, { description: 'Tenancy anti-social behaviour cases in the period.' })
  tenancyAsbCases!: number;

  @Field(() => Int, { description: 'Homelessness presentations in the period.' })
  homelessnessPresentations!: number;

  sourceIds!: number[];
}
