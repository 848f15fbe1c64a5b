import { defineModule } from '../../module';
import { plansLoaders } from './plans.loaders';
import { WardPlanResolver, WardPlansResolver, WardPriorityResolver } from './plans.resolver';
import { WardPlan } from './ward-plan.entity';
import { WardPriority } from './ward-priority.entity';

/** Ward plans and their priorities. */
export const plansModule = defineModule({
  name: 'plans',
  entities: [WardPlan, WardPriority],
  resolvers: [WardPlanResolver, WardPriorityResolver, WardPlansResolver],
  loaders: plansLoaders,
});
