import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { BOROUGH_KEY } from '../places/areas';
import { Borough } from '../places/borough.types';
import { Locality } from '../places/locality.entity';
import { type LocalityRow, type WardRow } from '../places/places.service';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import { loadSources, type SourcesLoaders } from '../sources/sources.loaders';
import { listCost, WORK, workCost } from '../../limits';
import type { IndicatorsLoaders } from '../indicators/indicators.loaders';
import { IndicatorResult } from '../indicators/indicators.types';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';
import { loadBudget, type BudgetsLoaders } from './budgets.loaders';
import { BudgetArgs, BudgetSummary } from './budgets.types';
import { targetingRows } from './targeting.service';
import { TargetingArgs, TargetingRow } from './targeting.types';

type BudgetsContext = Context<BudgetsLoaders & IndicatorsLoaders & SourcesLoaders>;

const DESCRIPTION = 'Ward budget, Ward Housing Hub and partner money in a financial year; null when none is loaded.';
const SUMMED = ' Summed over its wards from the same allocations as theirs; organisations supported in several wards count once.';

@Resolver(() => Ward)
export class WardBudgetResolver {
  @FieldResolver(() => BudgetSummary, { nullable: true, description: DESCRIPTION, complexity: workCost(WORK.aggregate) })
  budget(@Root() ward: WardRow, @Args() args: BudgetArgs, @Ctx() { loaders }: BudgetsContext): Promise<BudgetSummary | null> {
    return loadBudget(loaders, 'ward', ward.code, args);
  }
}

@Resolver(() => Locality)
export class LocalityBudgetResolver {
  @FieldResolver(() => BudgetSummary, { nullable: true, description: DESCRIPTION + SUMMED, complexity: workCost(WORK.aggregate) })
  budget(@Root() locality: LocalityRow, @Args() args: BudgetArgs, @Ctx() { loaders }: BudgetsContext): Promise<BudgetSummary | null> {
    return loadBudget(loaders, 'locality', String(locality.id), args);
  }
}

@Resolver(() => Borough)
export class BoroughBudgetResolver {
  @FieldResolver(() => BudgetSummary, { nullable: true, description: DESCRIPTION + SUMMED, complexity: workCost(WORK.aggregate) })
  budget(@Args() args: BudgetArgs, @Ctx() { loaders }: BudgetsContext): Promise<BudgetSummary | null> {
    return loadBudget(loaders, 'borough', BOROUGH_KEY, args);
  }
}

@Resolver(() => BudgetSummary)
export class BudgetSummaryResolver {
  @FieldResolver(() => [DataSource], { description: 'The ward-budget imports the figures came from.' })
  sources(@Root() summary: BudgetSummary, @Ctx() { loaders }: BudgetsContext): Promise<DataSource[]> {
    return loadSources(loaders, summary.sourceIds);
  }
}

@Resolver(() => TargetingRow)
export class TargetingResolver {
  @Allow('AUTHENTICATED')
  @Query(() => [TargetingRow], {
    description:
      'Targeting the most deprived areas: every ward ranked by deprivation, beside spend per resident from ward ' +
      'budgets and partner contributions and chosen outcome indicators.',
    complexity: listCost(25, WORK.targeting),
  })
  targeting(@Args() args: TargetingArgs, @Ctx() { em }: Context): Promise<TargetingRow[]> {
    return targetingRows(em, args);
  }

  @FieldResolver(() => [DataSource], {
    description:
      "Where the row's figures came from: the year's ward-budget imports, the population, the deprivation and the LSOA-to-ward lookup.",
    complexity: listCost(5),
  })
  sources(@Root() row: TargetingRow, @Ctx() { loaders }: BudgetsContext): Promise<DataSource[]> {
    return loadSources(loaders, row.sourceIds);
  }

  @FieldResolver(() => [IndicatorResult], { description: 'The chosen outcome indicators for the ward.', complexity: listCost(5) })
  async indicators(@Root() row: TargetingRow, @Ctx() { loaders }: BudgetsContext): Promise<IndicatorResult[]> {
    if (!row.indicatorIds?.length) return [];
    const ids = [...new Set(row.indicatorIds)].sort((a, b) => a - b);
    return (await loaders.indicators.wardIndicators.load({ key: row.ward.code, args: { ids, aim: null } })) ?? [];
  }
}
