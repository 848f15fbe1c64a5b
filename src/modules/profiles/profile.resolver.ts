import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { DataSource } from '../sources/data-source.entity';
import { DeprivationSummary, PopulationSummary, WardProfile } from './ward-profile.types';

@Resolver(() => WardProfile)
export class WardProfileResolver {
  @FieldResolver(() => PopulationSummary, {
    nullable: true,
    description: 'Residents by age band and sex; null when no population data covers the ward.',
  })
  async population(@Root() profile: WardProfile, @Ctx() { loaders }: Context): Promise<PopulationSummary | null> {
    return (await loaders.populationByWard.load(profile.wardCode)) ?? null;
  }

  @FieldResolver(() => DeprivationSummary, {
    nullable: true,
    description: 'Index of Multiple Deprivation summary; null when no deprivation data covers the ward.',
  })
  async deprivation(@Root() profile: WardProfile, @Ctx() { loaders }: Context): Promise<DeprivationSummary | null> {
    return (await loaders.deprivationByWard.load(profile.wardCode)) ?? null;
  }
}

@Resolver(() => PopulationSummary)
export class PopulationSummaryResolver {
  @FieldResolver(() => DataSource, { description: 'Where the population figures came from, and for which period.' })
  source(@Root() summary: PopulationSummary, @Ctx() { loaders }: Context): Promise<DataSource> {
    return loadRequired(loaders.source, summary.sourceId);
  }
}

@Resolver(() => DeprivationSummary)
export class DeprivationSummaryResolver {
  @FieldResolver(() => DataSource, { description: 'Which edition of the Indices of Deprivation the figures use.' })
  source(@Root() summary: DeprivationSummary, @Ctx() { loaders }: Context): Promise<DataSource> {
    return loadRequired(loaders.source, summary.sourceId);
  }
}
