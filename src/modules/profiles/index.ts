import { defineModule } from '../../module';
import { imdImporter } from './imd.importer';
import { LsoaDeprivation } from './lsoa-deprivation.entity';
import { LsoaPopulation } from './lsoa-population.entity';
import { DeprivationSummaryResolver, PopulationSummaryResolver, WardProfileResolver, WardProfilesResolver } from './profile.resolver';
import { profilesLoaders } from './profiles.loaders';

/** Ward profiles: population by age and sex, and deprivation (IMD) from the ward's LSOAs. */
export const profilesModule = defineModule({
  name: 'profiles',
  entities: [LsoaPopulation, LsoaDeprivation],
  resolvers: [WardProfilesResolver, WardProfileResolver, PopulationSummaryResolver, DeprivationSummaryResolver],
  loaders: profilesLoaders,
  importers: [imdImporter],
});
