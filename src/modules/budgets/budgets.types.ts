import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { listCost } from '../../limits';
import { PriorityTheme } from '../plans/plan.enums';
import { BudgetFund } from './budget-allocation.entity';

@ArgsType()
export class BudgetArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Financial year, e.g. "2020/21". Default: the latest year loaded.',
  })
  financialYear?: string | null;
}

@ObjectType({ description: 'Money from one fund, and how many allocations and organisations it went in.' })
export class FundAmount {
  @Field(() => BudgetFund, { description: 'The fund.' })
  fund!: BudgetFund;

  @Field(() => Float, { description: 'Pounds allocated.' })
  amount!: number;

  @Field(() => Int, { description: 'Number of allocations.' })
  allocations!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Organisations the fund supported (each counted once). Null for PARTNER_CONTRIBUTION, whose rows name the ' +
      'partner that gave the money, not an organisation supported: see contributors.',
  })
  organisationsSupported!: number | null;

  @Field(() => Int, { nullable: true, description: 'Partners that contributed: PARTNER_CONTRIBUTION only, null for the other funds.' })
  contributors!: number | null;
}

@ObjectType({ description: 'Money allocated to projects under one ward-plan theme.' })
export class PriorityAmount {
  @Field(() => PriorityTheme, { nullable: true, description: 'The theme; null for money not linked to a priority.' })
  priority!: PriorityTheme | null;

  @Field(() => Float, { description: 'Pounds allocated.' })
  amount!: number;
}

@ObjectType({ description: 'An organisation the ward supported (or a partner that contributed), and how much money.' })
export class OrganisationAmount {
  @Field({ description: 'Name of the organisation, group or partner.' })
  name!: string;

  @Field(() => Float, { description: 'Pounds allocated to it (or, for a partner, contributed).' })
  amount!: number;

  @Field(() => Int, { description: 'Number of allocations.' })
  allocations!: number;
}

@ObjectType({
  description:
    'Ward budget, Ward Housing Hub and partner money spent in a ward in a financial year, by fund, priority and ' +
    'organisation, with spend per resident and the borough totals beside it.',
})
export class BudgetSummary {
  @Field({ description: 'Financial year, e.g. 2020/21.' })
  financialYear!: string;

  @Field(() => Float, { description: 'All money allocated in the ward.' })
  total!: number;

  @Field(() => [FundAmount], { description: 'By fund.', complexity: listCost(3) })
  byFund!: FundAmount[];

  @Field(() => [PriorityAmount], { description: 'By ward-plan theme, most first.', complexity: listCost(8) })
  byPriority!: PriorityAmount[];

  @Field(() => [OrganisationAmount], {
    description: 'Organisations supported from the ward budget and Ward Housing Hub money, most money first.',
    complexity: listCost(20),
  })
  organisations!: OrganisationAmount[];

  @Field(() => [OrganisationAmount], {
    description: 'Partners that put money into the ward (PARTNER_CONTRIBUTION), most money first. They are not organisations supported.',
    complexity: listCost(5),
  })
  contributingPartners!: OrganisationAmount[];

  @Field(() => Int, {
    description:
      'How many organisations the ward budget and Ward Housing Hub money supported in the ward (partners that contributed are not counted).',
  })
  organisationsSupported!: number;

  @Field(() => Float, { nullable: true, description: 'Total per resident, in pounds.' })
  perResident!: number | null;

  @Field(() => Float, { description: 'All money allocated across the borough in the year.' })
  boroughTotal!: number;

  @Field(() => [FundAmount], { description: 'Borough totals by fund.', complexity: listCost(3) })
  boroughByFund!: FundAmount[];

  @Field(() => Int, {
    description:
      'Organisations supported across the borough, each counted once (239 in 2020/21, as the annual report says); ' +
      'partners that contributed are not counted.',
  })
  boroughOrganisationsSupported!: number;

  sourceIds!: number[];
}
