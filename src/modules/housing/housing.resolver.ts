import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type WardRow } from '../places/places.service';
import type { Context } from '../../context';
import { WORK, workCost } from '../../limits';
import { loadSources, type SourcesLoaders } from '../sources/sources.loaders';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';
import { loadHousing, type HousingLoaders } from './housing.loaders';
import { HousingArgs, HousingSummary } from './housing.types';

type HousingContext = Context<HousingLoaders & SourcesLoaders>;

@Resolver(() => Ward)
export class WardHousingResolver {
  @FieldResolver(() => HousingSummary, {
    description:
      'Council housing: stock, voids, repairs in target, tenancy ASB and homelessness, by month. Default: the latest twelve months.',
    complexity: workCost(WORK.aggregate),
  })
  housing(@Root() ward: WardRow, @Args() args: HousingArgs, @Ctx() { loaders }: HousingContext): Promise<HousingSummary> {
    return loadHousing(loaders, ward.code, args);
  }
}

@Resolver(() => HousingSummary)
export class HousingSummaryResolver {
  @FieldResolver(() => [DataSource], { description: 'The housing imports the figures came from.' })
  sources(@Root() summary: HousingSummary, @Ctx() { loaders }: HousingContext): Promise<DataSource[]> {
    return loadSources(loaders, summary.sourceIds);
  }
}
