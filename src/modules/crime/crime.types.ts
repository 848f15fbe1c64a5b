import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { listCost } from '../../limits';
import { CrimeCategory } from './crime.enums';

@ArgsType()
export class CrimeArgs {
  @Field(() => String, {
    nullable: true,
    description: 'First month, as YYYY-MM. Default: twelve months before `to`, so a year in all.',
  })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Last month, as YYYY-MM. Default: the latest month loaded.' })
  to?: string | null;

  @Field(() => [CrimeCategory], { nullable: true, description: 'Only these crime types. Default: all 14.' })
  categories?: CrimeCategory[] | null;
}

/** Arguments after defaults and checks: what the figures are computed for. */
export interface CrimePeriod {
  from: string;
  to: string;
  categories: CrimeCategory[];
}

/** The levels crime is summed to. */
export type AreaLevel = 'lsoa' | 'ward' | 'locality' | 'borough';

/** The area and period a summary was computed for, kept on it so that its lazier parts load only when asked. */
export interface CrimeScope {
  level: AreaLevel;
  area: string;
  period: CrimePeriod;
}

@ObjectType({ description: 'Crimes recorded in one month.' })
export class MonthCount {
  @Field({ description: 'Month, as YYYY-MM.' })
  month!: string;

  @Field(() => Int, { description: 'Crimes and anti-social behaviour incidents recorded in the month.' })
  count!: number;
}

@ObjectType({ description: 'How many crimes in the period reached an outcome (the latest police.uk outcome of each crime).' })
export class OutcomeCount {
  @Field({ description: 'police.uk outcome category, e.g. "Investigation complete; no suspect identified".' })
  outcome!: string;

  @Field(() => Int, { description: 'Crimes whose latest outcome this is.' })
  count!: number;
}

@ObjectType({ description: 'Crimes of one type in the period, with the same months a year earlier.' })
export class CategoryCount {
  @Field(() => CrimeCategory, { description: 'The police.uk crime type.' })
  category!: CrimeCategory;

  @Field(() => Int, { description: 'Crimes of this type in the period.' })
  count!: number;

  @Field(() => Float, { nullable: true, description: 'Crimes of this type per 1,000 residents.' })
  ratePer1000!: number | null;

  @Field(() => Int, { description: 'Crimes of this type in the same months a year earlier.' })
  previousYearCount!: number;

  @Field(() => [OutcomeCount], {
    description: 'Outcomes of the crimes of this type in the period (none for anti-social behaviour), most first.',
    complexity: listCost(15),
  })
  outcomes?: OutcomeCount[];

  /** What the count is of, for loading its outcomes (CategoryCount.outcomes) only when asked. */
  scope!: CrimeScope;
}

@ObjectType({
  description:
    'Police-recorded crime and anti-social behaviour for an area (ward, locality or borough) from police.uk ' +
    'street-level data, by month and type, per 1,000 residents, against the same months a year earlier.',
})
export class CrimeSummary {
  @Field({ description: 'First month counted, as YYYY-MM.' })
  from!: string;

  @Field({ description: 'Last month counted, as YYYY-MM.' })
  to!: string;

  @Field(() => Int, { description: 'Crimes and incidents in the period.' })
  total!: number;

  @Field(() => Int, { nullable: true, description: 'Residents, from the latest population figures.' })
  population!: number | null;

  @Field(() => Float, { nullable: true, description: 'Crimes per 1,000 residents in the period.' })
  ratePer1000!: number | null;

  @Field(() => Int, { description: 'Crimes in the same months a year earlier.' })
  previousYearTotal!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Change against the same months a year earlier, as a fraction (0.1 = 10% more); null when that was 0.',
  })
  changeFromPreviousYear!: number | null;

  @Field(() => [MonthCount], { description: 'Crimes by month, oldest first, every month of the period.', complexity: listCost(24) })
  byMonth!: MonthCount[];

  @Field(() => [CategoryCount], { description: 'Crimes by type, all 14 types, most first.', complexity: listCost(14) })
  byCategory!: CategoryCount[];

  @Field(() => [OutcomeCount], {
    description: 'Outcomes of the crimes in the period (anti-social behaviour has none), most first.',
    complexity: listCost(15),
  })
  outcomes?: OutcomeCount[];

  /** The area and period summed, for loading outcomes and sources only when asked. */
  scope!: CrimeScope;
}
