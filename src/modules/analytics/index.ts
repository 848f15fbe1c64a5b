import { defineModule } from '../../module';
import {
  AgencyOverdueActionsResolver,
  AnalyticsResolver,
  LocalityIssueResponseResolver,
  WardCaseCountResolver,
  WardCaseSummaryResolver,
  WardRepeatCasesResolver,
} from './analytics.resolver';
import { analyticsLoaders } from './analytics.loaders';

/** Counts across every tasking group (cases, repeats, overdue actions, issue responses), for everyone signed in. */
export const analyticsModule = defineModule({
  name: 'analytics',
  entities: [],
  resolvers: [
    AnalyticsResolver,
    WardCaseSummaryResolver,
    WardCaseCountResolver,
    WardRepeatCasesResolver,
    AgencyOverdueActionsResolver,
    LocalityIssueResponseResolver,
  ],
  loaders: analyticsLoaders,
});
