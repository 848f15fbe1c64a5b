import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { type WardRow } from '../places/places.service';
import { loadRequired } from '../../batch';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import { listCost, pageCost } from '../../limits';
import { Connection, type Page } from '../../pagination';
import type { PlacesLoaders } from '../places/places.loaders';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';
import type { SourcesLoaders } from '../sources/sources.loaders';
import { WardPrioritiesArgs } from './plans.inputs';
import type { PlansLoaders } from './plans.loaders';
import { listPriorities, pickPlan, type WardPlanRow, type WardPriorityRow } from './plans.service';
import { WardPlan } from './ward-plan.entity';
import { WardPriority } from './ward-priority.entity';

export const WardPriorityConnection = Connection(WardPriority, 'WardPriority', 'ward priorities');

type PlansContext = Context<PlansLoaders & PlacesLoaders & SourcesLoaders>;

@Resolver(() => WardPlan)
export class WardPlanResolver {
  @FieldResolver(() => Ward, { description: 'The ward the plan is for.' })
  ward(@Root() plan: WardPlanRow, @Ctx() { loaders }: PlansContext): Promise<WardRow> {
    return loadRequired(loaders.places.ward, plan.ward.code);
  }

  @FieldResolver(() => [WardPriority], { description: "The plan's priorities in order.", complexity: listCost(8) })
  priorities(@Root() plan: WardPlanRow, @Ctx() { loaders }: PlansContext): Promise<WardPriorityRow[]> {
    return loaders.plans.prioritiesByPlan.load(plan.id);
  }

  @FieldResolver(() => DataSource, { description: 'Where the plan was published.' })
  source(@Root() plan: WardPlanRow, @Ctx() { loaders }: PlansContext): Promise<DataSource> {
    return loadRequired(loaders.sources.source, plan.source.id);
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
  plan(@Root() priority: WardPriorityRow, @Ctx() { loaders }: PlansContext): Promise<WardPlanRow> {
    return loadRequired(loaders.plans.plan, priority.plan.id);
  }

  @FieldResolver(() => Ward, { description: 'The ward whose plan holds the priority.' })
  async ward(@Root() priority: WardPriorityRow, @Ctx() { loaders }: PlansContext): Promise<WardRow> {
    const plan = await loadRequired(loaders.plans.plan, priority.plan.id);
    return loadRequired(loaders.places.ward, plan.ward.code);
  }
}

/** The fields plans adds to Ward. */
@Resolver(() => Ward)
export class WardPlansResolver {
  @FieldResolver(() => WardPlan, {
    nullable: true,
    description: 'The ward plan for a year, or the newest plan when no year is given; null if there is none.',
  })
  async plan(
    @Root() ward: WardRow,
    @Arg('year', () => Int, { nullable: true, description: 'Year the plan starts, e.g. 2024.' }) year: number | undefined,
    @Ctx() { loaders }: PlansContext,
  ): Promise<WardPlanRow | null> {
    return pickPlan(await loaders.plans.plansByWard.load(ward.code), year);
  }

  @FieldResolver(() => [WardPlan], { description: "All the ward's plans, newest first.", complexity: listCost(4) })
  plans(@Root() ward: WardRow, @Ctx() { loaders }: PlansContext): Promise<WardPlanRow[]> {
    return loaders.plans.plansByWard.load(ward.code);
  }
}
