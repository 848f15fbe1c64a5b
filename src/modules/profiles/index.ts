import { defineModule } from '../../module';
import { imdImporter } from './imd.importer';
import { LsoaDeprivation } from './lsoa-deprivation.entity';
import { LsoaPopulation } from './lsoa-population.entity';
import {
  DeprivationSummaryResolver,
  LsoaDeprivationResolver,
  LsoaProfileResolver,
  PopulationSummaryResolver,
  WardProfileResolver,
  WardProfilesResolver,
} from './profile.resolver';
import { profilesLoaders } from './profiles.loaders';

/** Ward and LSOA profiles: population by age and sex, and deprivation (IMD), a ward's from its LSOAs. */
export const profilesModule = defineModule({
  name: 'profiles',
  entities: [LsoaPopulation, LsoaDeprivation],
  resolvers: [
    WardProfilesResolver,
    WardProfileResolver,
    PopulationSummaryResolver,
    DeprivationSummaryResolver,
    LsoaProfileResolver,
    LsoaDeprivationResolver,
  ],
  loaders: profilesLoaders,
  importers: [imdImporter],
});
