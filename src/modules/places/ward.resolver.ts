import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { loadRequired } from '../../batch';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import { listCost, pageCost } from '../../limits';
import { Connection, PageArgs, type Page } from '../../pagination';
import { WardPlan } from '../plans/ward-plan.entity';
import { pickPlan } from '../plans/plans.service';
import { DeprivationSummary, WardProfile } from '../profiles/ward-profile.types';
import { DataSource } from '../sources/data-source.entity';
import { BoundarySet } from './boundary-set.entity';
import { Councillor } from './councillor.entity';
import { Locality } from './locality.entity';
import { Lsoa } from './lsoa.entity';
import { WardFilter, WardOrder } from './places.inputs';
import { findWard, listWards } from './places.service';
import { Ward } from './ward.entity';

export const WardConnection = Connection(Ward, 'Ward', 'wards');

@Resolver(() => Ward)
export class WardResolver {
  @Allow('AUTHENTICATED')
  @Query(() => WardConnection, {
    description: 'Wards of the borough, filtered and sorted, a page at a time.',
    complexity: pageCost,
  })
  wards(
    @Args() page: PageArgs,
    @Arg('filter', () => WardFilter, { nullable: true, description: 'Which wards to include.' })
    filter: WardFilter | undefined,
    @Arg('orderBy', () => WardOrder, { nullable: true, description: 'How to sort (default: name A to Z).' })
    orderBy: WardOrder | undefined,
    @Ctx() { em, limits }: Context,
  ): Promise<Page<Ward>> {
    return listWards(em, filter, orderBy, page, limits.maxPageSize);
  }

  @Allow('AUTHENTICATED')
  @Query(() => Ward, { description: 'One ward by its ONS code, e.g. E05013010.' })
  ward(@Arg('code', () => ID, { description: 'ONS (GSS) ward code.' }) code: string, @Ctx() { em }: Context): Promise<Ward> {
    return findWard(em, code);
  }

  @FieldResolver(() => Locality, { description: 'The locality the ward sits in.' })
  locality(@Root() ward: Ward, @Ctx() { loaders }: Context): Promise<Locality> {
    return loadRequired(loaders.locality, ward.locality.id);
  }

  @FieldResolver(() => BoundarySet, { description: 'The boundary set the ward belongs to.' })
  boundarySet(@Root() ward: Ward, @Ctx() { loaders }: Context): Promise<BoundarySet> {
    return loadRequired(loaders.boundarySet, ward.boundarySet.code);
  }

  @FieldResolver(() => [Councillor], { description: "The ward's councillors, A to Z.", complexity: listCost(3) })
  councillors(@Root() ward: Ward, @Ctx() { loaders }: Context): Promise<Councillor[]> {
    return loaders.councillorsByWard.load(ward.code);
  }

  @FieldResolver(() => [Lsoa], { description: 'LSOAs that make up the ward, by code.', complexity: listCost(10) })
  lsoas(@Root() ward: Ward, @Ctx() { loaders }: Context): Promise<Lsoa[]> {
    return loaders.lsoasByWard.load(ward.code);
  }

  @FieldResolver(() => WardProfile, { description: "The ward's profile: population and deprivation." })
  profile(@Root() ward: Ward): WardProfile {
    return { wardCode: ward.code };
  }

  @FieldResolver(() => DeprivationSummary, {
    nullable: true,
    description: 'Index of Multiple Deprivation summary and domain scores (the same as profile.deprivation).',
  })
  async deprivation(@Root() ward: Ward, @Ctx() { loaders }: Context): Promise<DeprivationSummary | null> {
    return (await loaders.deprivationByWard.load(ward.code)) ?? null;
  }

  @FieldResolver(() => WardPlan, {
    nullable: true,
    description: 'The ward plan for a year, or the newest plan when no year is given; null if there is none.',
  })
  async plan(
    @Root() ward: Ward,
    @Arg('year', () => Int, { nullable: true, description: 'Year the plan starts, e.g. 2024.' }) year: number | undefined,
    @Ctx() { loaders }: Context,
  ): Promise<WardPlan | null> {
    return pickPlan(await loaders.plansByWard.load(ward.code), year);
  }

  @FieldResolver(() => [WardPlan], { description: "All the ward's plans, newest first.", complexity: listCost(4) })
  plans(@Root() ward: Ward, @Ctx() { loaders }: Context): Promise<WardPlan[]> {
    return loaders.plansByWard.load(ward.code);
  }

  @FieldResolver(() => DataSource, { description: 'Where the ward code, name and locality came from.' })
  source(@Root() ward: Ward, @Ctx() { loaders }: Context): Promise<DataSource> {
    return loadRequired(loaders.source, ward.source.id);
  }
}
