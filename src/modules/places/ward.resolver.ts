import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { loadRequired } from '../../batch';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import { listCost, pageCost } from '../../limits';
import { Connection, PageArgs, type Page } from '../../pagination';
import { DataSource } from '../sources/data-source.entity';
import { DataRefreshed } from '../sources/data-refreshed.types';
import { loadSourcesStillHeld, type SourcesLoaders } from '../sources/sources.loaders';
import { wardCodesOf } from '../sources/sources.service';
import { BoundarySet } from './boundary-set.entity';
import { Councillor } from './councillor.entity';
import { Locality } from './locality.entity';
import { Lsoa } from './lsoa.entity';
import { LsoaOrder, LsoaOrderField, OrderDirection, WardFilter, WardOrder } from './places.inputs';
import type { PlacesLoaders } from './places.loaders';
import { findWard, listWards, type CouncillorRow, type LocalityRow, type LsoaRow, type WardRow } from './places.service';
import { Ward } from './ward.entity';

export const WardConnection = Connection(Ward, 'Ward', 'wards');

type PlacesContext = Context<PlacesLoaders & SourcesLoaders>;

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
  ward(@Arg('code', () => ID, { description: 'ONS (GSS) ward code.' }) code: string, @Ctx() { em }: Context): Promise<WardRow> {
    return findWard(em, code);
  }

  @FieldResolver(() => Locality, { description: 'The locality the ward sits in.' })
  locality(@Root() ward: WardRow, @Ctx() { loaders }: PlacesContext): Promise<LocalityRow> {
    return loadRequired(loaders.places.locality, ward.locality.id);
  }

  @FieldResolver(() => BoundarySet, { description: 'The boundary set the ward belongs to.' })
  boundarySet(@Root() ward: WardRow, @Ctx() { loaders }: PlacesContext): Promise<BoundarySet> {
    return loadRequired(loaders.places.boundarySet, ward.boundarySet.code);
  }

  @FieldResolver(() => [Councillor], { description: "The ward's councillors, A to Z.", complexity: listCost(3) })
  councillors(@Root() ward: WardRow, @Ctx() { loaders }: PlacesContext): Promise<CouncillorRow[]> {
    return loaders.places.councillorsByWard.load(ward.code);
  }

  @FieldResolver(() => [Lsoa], {
    description: "LSOAs that make up the ward, by code unless `orderBy` says otherwise (e.g. the ward's hot spots first).",
    complexity: listCost(10),
  })
  async lsoas(
    @Root() ward: WardRow,
    @Arg('orderBy', () => LsoaOrder, { nullable: true, description: 'How to sort (default: by code). Ties go by code.' })
    orderBy: LsoaOrder | undefined,
    @Ctx() { loaders }: PlacesContext,
  ): Promise<LsoaRow[]> {
    // Plain values, so that siblings asking the same order share one statement (the loader groups by them).
    const order = { field: orderBy?.field ?? LsoaOrderField.CODE, direction: orderBy?.direction ?? OrderDirection.ASC };
    return (await loaders.places.lsoasByWard.load({ key: ward.code, args: order })) ?? [];
  }

  @FieldResolver(() => DataSource, { description: 'Where the ward code, name and locality came from.' })
  source(@Root() ward: WardRow, @Ctx() { loaders }: PlacesContext): Promise<DataSource> {
    return loadRequired(loaders.sources.source, ward.source.id);
  }
}

/** The field places adds to DataRefreshed. */
@Resolver(() => DataRefreshed)
export class DataRefreshedWardsResolver {
  @FieldResolver(() => [Ward], { description: 'Wards whose figures the load changed, by code.' })
  async wards(@Root() event: DataRefreshed, @Ctx() { loaders }: PlacesContext): Promise<WardRow[]> {
    const sources = await loadSourcesStillHeld(loaders, event.sourceIds);
    const wards = await Promise.all(wardCodesOf(sources).map((code) => loaders.places.ward.load(code)));
    return wards.filter((w): w is Ward => w !== undefined);
  }
}
