import { defineModule } from '../../module';
import { imdImporter } from './imd.importer';
import { LsoaDeprivation } from './lsoa-deprivation.entity';
import { LsoaPopulation } from './lsoa-population.entity';
import { WardOrderField } from '../places/places.inputs';
import { provideWardFigure } from '../places/ward-figures';
import {
  AreaDeprivationSummaryResolver,
  BoroughProfileResolver,
  DeprivationSummaryResolver,
  LocalityProfileResolver,
  LsoaDeprivationResolver,
  LsoaProfileResolver,
  PopulationSummaryResolver,
  WardProfileResolver,
  WardProfilesResolver,
} from './profile.resolver';
import { profilesLoaders } from './profiles.loaders';
import { WARD_IMD_FIGURE, WARD_POPULATION_FIGURE } from './profiles.service';

provideWardFigure(WardOrderField.POPULATION, () => WARD_POPULATION_FIGURE);
provideWardFigure(WardOrderField.IMD_SCORE, () => WARD_IMD_FIGURE);

/** Ward and LSOA profiles: population by age and sex, and deprivation (IMD), a ward's from its LSOAs. */
export const profilesModule = defineModule({
  name: 'profiles',
  entities: [LsoaPopulation, LsoaDeprivation],
  resolvers: [
    WardProfilesResolver,
    WardProfileResolver,
    LocalityProfileResolver,
    BoroughProfileResolver,
    PopulationSummaryResolver,
    DeprivationSummaryResolver,
    AreaDeprivationSummaryResolver,
    LsoaProfileResolver,
    LsoaDeprivationResolver,
  ],
  loaders: profilesLoaders,
  importers: [imdImporter],
});
