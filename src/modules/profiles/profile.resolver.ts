import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type LsoaRow, type WardRow } from '../places/places.service';
import { Lsoa } from '../places/lsoa.entity';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';
import type { SourcesLoaders } from '../sources/sources.loaders';
import type { ProfilesLoaders } from './profiles.loaders';
import { DeprivationSummary, DomainScore, LsoaDeprivationSummary, PopulationSummary, WardProfile } from './ward-profile.types';

type ProfilesContext = Context<ProfilesLoaders & SourcesLoaders>;

/** The fields profiles adds to Ward. */
@Resolver(() => Ward)
export class WardProfilesResolver {
  @FieldResolver(() => WardProfile, { description: "The ward's profile: population and deprivation." })
  profile(@Root() ward: WardRow): WardProfile {
    return { wardCode: ward.code };
  }

  @FieldResolver(() => DeprivationSummary, {
    nullable: true,
    description: 'Index of Multiple Deprivation summary and domain scores (the same as profile.deprivation).',
  })
  async deprivation(@Root() ward: WardRow, @Ctx() { loaders }: ProfilesContext): Promise<DeprivationSummary | null> {
    return (await loaders.profiles.deprivationByWard.load(ward.code)) ?? null;
  }
}

@Resolver(() => WardProfile)
export class WardProfileResolver {
  @FieldResolver(() => PopulationSummary, {
    nullable: true,
    description: 'Residents by age band and sex; null when no population data covers the ward.',
  })
  async population(@Root() profile: WardProfile, @Ctx() { loaders }: ProfilesContext): Promise<PopulationSummary | null> {
    return (await loaders.profiles.populationByWard.load(profile.wardCode)) ?? null;
  }

  @FieldResolver(() => DeprivationSummary, {
    nullable: true,
    description: 'Index of Multiple Deprivation summary; null when no deprivation data covers the ward.',
  })
  async deprivation(@Root() profile: WardProfile, @Ctx() { loaders }: ProfilesContext): Promise<DeprivationSummary | null> {
    return (await loaders.profiles.deprivationByWard.load(profile.wardCode)) ?? null;
  }
}

@Resolver(() => PopulationSummary)
export class PopulationSummaryResolver {
  @FieldResolver(() => DataSource, { description: 'Where the population figures came from, and for which period.' })
  source(@Root() summary: PopulationSummary, @Ctx() { loaders }: ProfilesContext): Promise<DataSource> {
    return loadRequired(loaders.sources.source, summary.sourceId);
  }
}

@Resolver(() => DeprivationSummary)
export class DeprivationSummaryResolver {
  @FieldResolver(() => DataSource, { description: 'Which edition of the Indices of Deprivation the figures use.' })
  source(@Root() summary: DeprivationSummary, @Ctx() { loaders }: ProfilesContext): Promise<DataSource> {
    return loadRequired(loaders.sources.source, summary.sourceId);
  }

  // Description and cost are on the type's field.
  @FieldResolver(() => [DomainScore])
  async domains(@Root() summary: DeprivationSummary, @Ctx() { loaders }: ProfilesContext): Promise<DomainScore[]> {
    return (await loaders.profiles.deprivationDomainsByWard.load(summary.wardCode)) ?? [];
  }
}

/** The figures profiles adds to Lsoa. */
@Resolver(() => Lsoa)
export class LsoaProfileResolver {
  @FieldResolver(() => PopulationSummary, {
    nullable: true,
    description: 'Residents by age band and sex in the latest population edition; null when no population data covers the LSOA.',
  })
  async population(@Root() lsoa: LsoaRow, @Ctx() { loaders }: ProfilesContext): Promise<PopulationSummary | null> {
    return (await loaders.profiles.populationByLsoa.load(lsoa.code)) ?? null;
  }

  @FieldResolver(() => LsoaDeprivationSummary, {
    nullable: true,
    description: 'Index of Multiple Deprivation figures in the latest edition; null when no deprivation data covers the LSOA.',
  })
  async deprivation(@Root() lsoa: LsoaRow, @Ctx() { loaders }: ProfilesContext): Promise<LsoaDeprivationSummary | null> {
    return (await loaders.profiles.deprivationByLsoa.load(lsoa.code)) ?? null;
  }
}

@Resolver(() => LsoaDeprivationSummary)
export class LsoaDeprivationResolver {
  @FieldResolver(() => DataSource, { description: 'Which edition of the Indices of Deprivation the figures come from.' })
  source(@Root() summary: LsoaDeprivationSummary, @Ctx() { loaders }: ProfilesContext): Promise<DataSource> {
    return loadRequired(loaders.sources.source, summary.sourceId);
  }

  // Description and cost are on the type's field.
  @FieldResolver(() => [DomainScore])
  async domains(@Root() summary: LsoaDeprivationSummary, @Ctx() { loaders }: ProfilesContext): Promise<DomainScore[]> {
    return (await loaders.profiles.deprivationDomainsByLsoa.load(summary.lsoaCode)) ?? [];
  }
}
