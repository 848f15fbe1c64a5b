import { defineModule } from '../../module';
import { actionsLoaders } from './actions.loaders';
import { ActionResolver, CaseActionsResolver, TaskingEventActionResolver } from './actions.resolver';
import { CaseAction } from './case-action.entity';

/** Actions on cases, assigned to agencies with a due date. */
export const actionsModule = defineModule({
  name: 'actions',
  entities: [CaseAction],
  resolvers: [ActionResolver, CaseActionsResolver, TaskingEventActionResolver],
  loaders: actionsLoaders,
});
