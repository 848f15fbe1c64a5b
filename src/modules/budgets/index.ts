import { defineModule } from '../../module';
import { BudgetAllocation } from './budget-allocation.entity';
import { budgetsImporter } from './budgets.importer';
import { budgetsLoaders } from './budgets.loaders';
import {
  BoroughBudgetResolver,
  BudgetSummaryResolver,
  LocalityBudgetResolver,
  TargetingResolver,
  WardBudgetResolver,
} from './budgets.resolver';

/** Ward budgets and their allocations, and the targeting view that sets them against need. */
export const budgetsModule = defineModule({
  name: 'budgets',
  entities: [BudgetAllocation],
  resolvers: [WardBudgetResolver, LocalityBudgetResolver, BoroughBudgetResolver, BudgetSummaryResolver, TargetingResolver],
  loaders: budgetsLoaders,
  importers: [budgetsImporter],
});
