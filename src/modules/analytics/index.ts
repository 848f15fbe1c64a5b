import { defineModule } from '../../module';
import {
  AgencyOverdueActionsResolver,
  AnalyticsResolver,
  LocalityIssueResponseResolver,
  WardCaseCountResolver,
  WardRepeatCasesResolver,
} from './analytics.resolver';

/** Counts across every tasking group (cases, repeats, overdue actions, issue responses), for everyone signed in. */
export const analyticsModule = defineModule({
  name: 'analytics',
  entities: [],
  resolvers: [
    AnalyticsResolver,
    WardCaseCountResolver,
    WardRepeatCasesResolver,
    AgencyOverdueActionsResolver,
    LocalityIssueResponseResolver,
  ],
});
