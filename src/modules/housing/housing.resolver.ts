import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { WORK, workCost } from '../../limits';
import { loadSources } from '../sources/sources.loaders';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';
import { loadHousing } from './housing.loaders';
import { HousingArgs, HousingSummary } from './housing.types';

@Resolver(() => Ward)
export class WardHousingResolver {
  @FieldResolver(() => HousingSummary, {
    description:
      'Council housing: stock, voids, repairs in target, tenancy ASB and homelessness, by month. Default: the latest twelve months.',
    complexity: workCost(WORK.aggregate),
  })
  housing(@Root() ward: Ward, @Args() args: HousingArgs, @Ctx() { loaders }: Context): Promise<HousingSummary> {
    return loadHousing(loaders, ward.code, args);
  }
}

@Resolver(() => HousingSummary)
export class HousingSummaryResolver {
  @FieldResolver(() => [DataSource], { description: 'The housing imports the figures came from.' })
  sources(@Root() summary: HousingSummary, @Ctx() { loaders }: Context): Promise<DataSource[]> {
    return loadSources(loaders, summary.sourceIds);
  }
}
