import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { BOROUGH_KEY } from '../places/areas';
import { Borough } from '../places/borough.types';
import { Locality } from '../places/locality.entity';
import { type LocalityRow, type LsoaRow, type WardRow } from '../places/places.service';
import { Lsoa } from '../places/lsoa.entity';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';
import type { SourcesLoaders } from '../sources/sources.loaders';
import type { ProfilesLoaders } from './profiles.loaders';
import {
  AreaDeprivationSummary,
  DeprivationSummary,
  DomainScore,
  LsoaDeprivationSummary,
  PopulationSummary,
  WardProfile,
} from './ward-profile.types';

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

const POPULATION = (area: string) =>
  `Residents of ${area} by age band and sex, summed from the same rows as its wards'; null when no population data is loaded.`;
const DEPRIVATION = (area: string) =>
  `Index of Multiple Deprivation over all the LSOAs of ${area}, population-weighted as a ward's is; null when no deprivation data is loaded.`;

/** The population and deprivation profiles adds to Locality. */
@Resolver(() => Locality)
export class LocalityProfileResolver {
  @FieldResolver(() => PopulationSummary, { nullable: true, description: POPULATION('the locality') })
  async population(@Root() locality: LocalityRow, @Ctx() { loaders }: ProfilesContext): Promise<PopulationSummary | null> {
    return (await loaders.profiles.populationByLocality.load(String(locality.id))) ?? null;
  }

  @FieldResolver(() => AreaDeprivationSummary, { nullable: true, description: DEPRIVATION('the locality') })
  async deprivation(@Root() locality: LocalityRow, @Ctx() { loaders }: ProfilesContext): Promise<AreaDeprivationSummary | null> {
    return (await loaders.profiles.deprivationByLocality.load(String(locality.id))) ?? null;
  }
}

/** The population and deprivation profiles adds to Borough. */
@Resolver(() => Borough)
export class BoroughProfileResolver {
  @FieldResolver(() => PopulationSummary, { nullable: true, description: POPULATION('the borough') })
  async population(@Ctx() { loaders }: ProfilesContext): Promise<PopulationSummary | null> {
    return (await loaders.profiles.populationOfBorough.load(BOROUGH_KEY)) ?? null;
  }

  @FieldResolver(() => AreaDeprivationSummary, {
    nullable: true,
    description: `${DEPRIVATION('the borough')} No rank: the borough is the whole the wards are ranked in.`,
  })
  async deprivation(@Ctx() { loaders }: ProfilesContext): Promise<AreaDeprivationSummary | null> {
    return (await loaders.profiles.deprivationOfBorough.load(BOROUGH_KEY)) ?? null;
  }
}

@Resolver(() => AreaDeprivationSummary)
export class AreaDeprivationSummaryResolver {
  @FieldResolver(() => DataSource, { description: 'Which edition of the Indices of Deprivation the figures use.' })
  source(@Root() summary: AreaDeprivationSummary, @Ctx() { loaders }: ProfilesContext): Promise<DataSource> {
    return loadRequired(loaders.sources.source, summary.sourceId);
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
