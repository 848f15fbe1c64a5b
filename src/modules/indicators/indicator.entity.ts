import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { HealthAndWellbeingAim } from '../plans/plan.enums';
import { DataSource } from '../sources/data-source.entity';

export enum IndicatorPolarity {
  HIGH_IS_GOOD = 'HIGH_IS_GOOD',
  LOW_IS_GOOD = 'LOW_IS_GOOD',
  NONE = 'NONE',
}

export enum IndicatorValueType {
  PROPORTION = 'PROPORTION',
  RATE = 'RATE',
  COUNT = 'COUNT',
  OTHER = 'OTHER',
}

registerEnumType(IndicatorPolarity, {
  name: 'IndicatorPolarity',
  description: 'Which direction is good for an indicator, as OHID sets it.',
  valuesConfig: {
    HIGH_IS_GOOD: { description: 'A higher value is better (e.g. school readiness).' },
    LOW_IS_GOOD: { description: 'A lower value is better (e.g. smoking prevalence).' },
    NONE: { description: 'Neither direction is better; comparisons say Higher or Lower.' },
  },
});

registerEnumType(IndicatorValueType, {
  name: 'IndicatorValueType',
  description: 'What kind of figure an indicator is, which decides how its confidence interval is worked out.',
  valuesConfig: {
    PROPORTION: { description: 'A share of a population (Wilson score interval).' },
    RATE: { description: "A rate per population, e.g. per 100,000 (Byar's method)." },
    COUNT: { description: "A count (Byar's method)." },
    OTHER: { description: 'Anything else (no interval computed by the hub).' },
  },
});

/** A JSNA indicator as OHID Fingertips defines it, with what the hub needs to compare and rank it. */
@ObjectType({ description: 'A JSNA health indicator as OHID Fingertips publishes it.' })
@Entity({ tableName: 'indicator' })
export class Indicator {
  @Field(() => Int, { description: 'Fingertips Indicator ID.' })
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Field({ description: 'Indicator name as Fingertips gives it.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => HealthAndWellbeingAim, { nullable: true, description: 'The Health and Wellbeing aim it measures.' })
  @Enum({ items: () => HealthAndWellbeingAim, nullable: true })
  aim?: HealthAndWellbeingAim | null;

  @Field(() => IndicatorPolarity, { description: 'Which direction is good.' })
  @Enum({ items: () => IndicatorPolarity })
  polarity!: IndicatorPolarity;

  @Field(() => IndicatorValueType, { description: 'Proportion, rate, count or other.' })
  @Enum({ items: () => IndicatorValueType })
  valueType!: IndicatorValueType;

  /** Scale of the value: 100 for a percentage, 100000 for a rate per 100,000, 1 for a count. */
  @Field(() => Int, { description: 'Scale of the value: 100 for a percentage, 100000 for a rate per 100,000.' })
  @Property({ type: 'integer' })
  multiplier!: number;

  @Field({ description: 'Unit to show beside the value, e.g. "%" or "per 100,000".' })
  @Property({ type: 'text' })
  unit!: string;

  @Field(() => String, { nullable: true, description: 'What the indicator measures, in a sentence.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;
}

/** One value of an indicator for one area and period, as a Fingertips CSV row gives it. */
@Entity({ tableName: 'indicator_value' })
@Unique({ properties: ['indicator', 'areaCode', 'sex', 'age', 'categoryType', 'category', 'periodSortable'] })
@Index({ properties: ['areaCode', 'indicator'] })
export class IndicatorValue {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => DataSource, { deleteRule: 'cascade' })
  source!: DataSource;

  @ManyToOne(() => Indicator, { deleteRule: 'restrict' })
  indicator!: Indicator;

  @Property({ type: 'text' })
  areaCode!: string;

  @Property({ type: 'text' })
  areaName!: string;

  /** Fingertips area type, e.g. England, Counties & UAs, Ward. */
  @Property({ type: 'text' })
  areaType!: string;

  @Property({ type: 'text', nullable: true })
  parentCode?: string | null;

  @Property({ type: 'text', default: 'Persons' })
  sex!: string;

  @Property({ type: 'text', default: '' })
  age!: string;

  @Property({ type: 'text', default: '' })
  categoryType!: string;

  @Property({ type: 'text', default: '' })
  category!: string;

  /** Period as published, e.g. "2019/20" or "2017 - 19". */
  @Property({ type: 'text' })
  period!: string;

  /** Sortable form Fingertips gives, e.g. 20190000. */
  @Property({ type: 'integer' })
  periodSortable!: number;

  @Property({ type: 'double', nullable: true })
  value?: number | null;

  @Property({ type: 'double', nullable: true })
  lower95?: number | null;

  @Property({ type: 'double', nullable: true })
  upper95?: number | null;

  @Property({ type: 'double', nullable: true })
  lower998?: number | null;

  @Property({ type: 'double', nullable: true })
  upper998?: number | null;

  @Property({ type: 'double', nullable: true })
  count?: number | null;

  @Property({ type: 'double', nullable: true })
  denominator?: number | null;

  @Property({ type: 'text', nullable: true })
  valueNote?: string | null;

  @Property({ type: 'text', nullable: true })
  recentTrend?: string | null;

  @Property({ type: 'text', nullable: true })
  comparedToEngland?: string | null;

  @Property({ type: 'text', nullable: true })
  comparedToParent?: string | null;
}
