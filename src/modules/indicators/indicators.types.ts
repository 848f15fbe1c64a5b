import { ArgsType, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { listCost } from '../../limits';
import { HealthAndWellbeingAim } from '../plans/plan.enums';
import { Indicator } from './indicator.entity';

export enum Significance {
  BETTER = 'BETTER',
  SIMILAR = 'SIMILAR',
  WORSE = 'WORSE',
  HIGHER = 'HIGHER',
  LOWER = 'LOWER',
  NOT_COMPARED = 'NOT_COMPARED',
}

registerEnumType(Significance, {
  name: 'Significance',
  description:
    "How a value compares with another area's, as Fingertips shows it: its 95% confidence interval lies wholly " +
    'above or below the other value, or overlaps it.',
  valuesConfig: {
    BETTER: { description: 'Significantly better (the indicator has a good direction).' },
    SIMILAR: { description: 'Not significantly different.' },
    WORSE: { description: 'Significantly worse (the indicator has a good direction).' },
    HIGHER: { description: 'Significantly higher (no good direction).' },
    LOWER: { description: 'Significantly lower (no good direction).' },
    NOT_COMPARED: { description: 'Not compared: a value or its confidence interval is missing.' },
  },
});

@ArgsType()
export class IndicatorArgs {
  @Field(() => [Int], { nullable: true, description: 'Only these Fingertips indicator IDs.' })
  ids?: number[] | null;

  @Field(() => HealthAndWellbeingAim, { nullable: true, description: 'Only indicators of this Health and Wellbeing aim.' })
  aim?: HealthAndWellbeingAim | null;
}

@ObjectType({ description: 'One value of an indicator for one area and period, with its confidence intervals.' })
export class IndicatorFigure {
  @Field({ description: 'Period as published, e.g. "2019/20" or "2017 - 19".' })
  period!: string;

  @Field(() => Float, { nullable: true, description: 'The value (null when suppressed: see note).' })
  value!: number | null;

  @Field(() => Float, { nullable: true, description: 'Lower limit of the 95% confidence interval.' })
  lower95!: number | null;

  @Field(() => Float, { nullable: true, description: 'Upper limit of the 95% confidence interval.' })
  upper95!: number | null;

  @Field(() => Float, { nullable: true, description: 'Lower limit of the 99.8% confidence interval.' })
  lower998!: number | null;

  @Field(() => Float, { nullable: true, description: 'Upper limit of the 99.8% confidence interval.' })
  upper998!: number | null;

  @Field(() => Float, { nullable: true, description: 'Numerator: the people or events counted.' })
  count!: number | null;

  @Field(() => Float, { nullable: true, description: 'Denominator: the population the count is out of.' })
  denominator!: number | null;

  @Field(() => String, { nullable: true, description: 'Fingertips value note, e.g. why a value is suppressed.' })
  note!: string | null;

  @Field({
    description:
      "True when the hub worked out the intervals (Wilson score or Byar's method, as OHID does) because the source gave a count and denominator but none.",
  })
  intervalComputed!: boolean;

  sourceId!: number | null;
  /** The published figure's source; for a figure the hub worked out, its inputs' sources. */
  sourceIds!: number[];
}

@ObjectType({
  description:
    "One JSNA indicator for a ward: the latest value and its trend, compared with the ward's locality, the borough " +
    "and England, and the ward's rank among the borough's wards.",
})
export class IndicatorResult {
  @Field(() => Indicator, { description: 'The indicator.' })
  indicator!: Indicator;

  @Field({ description: 'Who the figures are for: Persons, or Male or Female for indicators published by sex.' })
  sex!: string;

  @Field(() => IndicatorFigure, { nullable: true, description: "The ward's latest value; null if it has none." })
  latest!: IndicatorFigure | null;

  @Field(() => [IndicatorFigure], { description: "The ward's values over time, oldest first.", complexity: listCost(10) })
  trend!: IndicatorFigure[];

  @Field(() => IndicatorFigure, {
    nullable: true,
    description: "The ward's locality for the same period, worked out by the hub from its wards' counts and denominators.",
  })
  locality!: IndicatorFigure | null;

  @Field(() => IndicatorFigure, { nullable: true, description: 'The borough (local authority) for the same period.' })
  borough!: IndicatorFigure | null;

  @Field(() => IndicatorFigure, { nullable: true, description: 'England for the same period.' })
  england!: IndicatorFigure | null;

  @Field(() => Significance, { description: 'The ward against its locality.' })
  comparedToLocality!: Significance;

  @Field(() => Significance, { description: 'The ward against the borough.' })
  comparedToBorough!: Significance;

  @Field(() => Significance, { description: 'The ward against England.' })
  comparedToEngland!: Significance;

  @Field(() => Int, {
    nullable: true,
    description: "Rank among the borough's wards with a value for the period: 1 = best (or highest when no direction is good).",
  })
  rankInBorough!: number | null;

  @Field(() => Int, { description: 'How many wards were ranked.' })
  wardsRanked!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Fingertips\' recent trend text for the ward, e.g. "Decreasing and getting better".',
  })
  recentTrend!: string | null;
}
