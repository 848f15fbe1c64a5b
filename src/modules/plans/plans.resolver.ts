import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { loadRequired } from '../../batch';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import { listCost, pageCost } from '../../limits';
import { Connection, type Page } from '../../pagination';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';
import { WardPrioritiesArgs } from './plans.inputs';
import { listPriorities } from './plans.service';
import { WardPlan } from './ward-plan.entity';
import { WardPriority } from './ward-priority.entity';

export const WardPriorityConnection = Connection(WardPriority, 'WardPriority', 'ward priorities');

@Resolver(() => WardPlan)
export class WardPlanResolver {
  @FieldResolver(() => Ward, { description: 'The ward the plan is for.' })
  ward(@Root() plan: WardPlan, @Ctx() { loaders }: Context): Promise<Ward> {
    return loadRequired(loaders.ward, plan.ward.code);
  }

  @FieldResolver(() => [WardPriority], { description: "The plan's priorities in order.", complexity: listCost(8) })
  priorities(@Root() plan: WardPlan, @Ctx() { loaders }: Context): Promise<WardPriority[]> {
    return loaders.prioritiesByPlan.load(plan.id);
  }

  @FieldResolver(() => DataSource, { description: 'Where the plan was published.' })
  source(@Root() plan: WardPlan, @Ctx() { loaders }: Context): Promise<DataSource> {
    return loadRequired(loaders.source, plan.source.id);
  }
}

@Resolver(() => WardPriority)
export class WardPriorityResolver {
  @Allow('AUTHENTICATED')
  @Query(() => WardPriorityConnection, {
    description:
      'Ward priorities across the borough, by theme, year, Health and Wellbeing aim or locality: ' +
      'for example, every ward tackling community safety in 2024.',
    complexity: pageCost,
  })
  wardPriorities(@Args() args: WardPrioritiesArgs, @Ctx() { em, limits }: Context): Promise<Page<WardPriority>> {
    return listPriorities(em, args, limits.maxPageSize);
  }

  @FieldResolver(() => WardPlan, { description: 'The plan the priority belongs to.' })
  plan(@Root() priority: WardPriority, @Ctx() { loaders }: Context): Promise<WardPlan> {
    return loadRequired(loaders.plan, priority.plan.id);
  }

  @FieldResolver(() => Ward, { description: 'The ward whose plan holds the priority.' })
  async ward(@Root() priority: WardPriority, @Ctx() { loaders }: Context): Promise<Ward> {
    const plan = await loadRequired(loaders.plan, priority.plan.id);
    return loadRequired(loaders.ward, plan.ward.code);
  }
}
