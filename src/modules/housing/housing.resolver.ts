import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { BOROUGH_KEY } from '../places/areas';
import { Borough } from '../places/borough.types';
import { Locality } from '../places/locality.entity';
import { type LocalityRow, type WardRow } from '../places/places.service';
import type { Context } from '../../context';
import { WORK, workCost } from '../../limits';
import { loadSources, type SourcesLoaders } from '../sources/sources.loaders';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';
import { loadHousing, type HousingLoaders } from './housing.loaders';
import { HousingArgs, HousingSummary } from './housing.types';

type HousingContext = Context<HousingLoaders & SourcesLoaders>;

const DESCRIPTION =
  'Council housing: stock, voids, repairs in target, tenancy ASB and homelessness, by month. Default: the latest twelve months.';
const SUMMED = ' Each month summed over its wards, from the same rows as theirs.';

@Resolver(() => Ward)
export class WardHousingResolver {
  @FieldResolver(() => HousingSummary, { description: DESCRIPTION, complexity: workCost(WORK.aggregate) })
  housing(@Root() ward: WardRow, @Args() args: HousingArgs, @Ctx() { loaders }: HousingContext): Promise<HousingSummary> {
    return loadHousing(loaders, 'ward', ward.code, args);
  }
}

@Resolver(() => Locality)
export class LocalityHousingResolver {
  @FieldResolver(() => HousingSummary, { description: DESCRIPTION + SUMMED, complexity: workCost(WORK.aggregate) })
  housing(@Root() locality: LocalityRow, @Args() args: HousingArgs, @Ctx() { loaders }: HousingContext): Promise<HousingSummary> {
    return loadHousing(loaders, 'locality', String(locality.id), args);
  }
}

@Resolver(() => Borough)
export class BoroughHousingResolver {
  @FieldResolver(() => HousingSummary, { description: DESCRIPTION + SUMMED, complexity: workCost(WORK.aggregate) })
  housing(@Args() args: HousingArgs, @Ctx() { loaders }: HousingContext): Promise<HousingSummary> {
    return loadHousing(loaders, 'borough', BOROUGH_KEY, args);
  }
}

@Resolver(() => HousingSummary)
export class HousingSummaryResolver {
  @FieldResolver(() => [DataSource], { description: 'The housing imports the figures came from.' })
  sources(@Root() summary: HousingSummary, @Ctx() { loaders }: HousingContext): Promise<DataSource[]> {
    return loadSources(loaders, summary.sourceIds);
  }
}
