import { defineModule } from '../../module';
import { Crime, CrimeOutcome } from './crime.entity';
import { crimeLoaders } from './crime.loaders';
import {
  BoroughResolver,
  CategoryCountResolver,
  CrimeSummaryResolver,
  LocalityCrimeResolver,
  LsoaCrimeResolver,
  WardCrimeResolver,
} from './crime.resolver';
import { policeOutcomesImporter, policeStreetImporter } from './police.importer';

/** Police-recorded crime and anti-social behaviour from police.uk, by LSOA, ward, locality and borough. */
export const crimeModule = defineModule({
  name: 'crime',
  entities: [Crime, CrimeOutcome],
  resolvers: [LsoaCrimeResolver, WardCrimeResolver, LocalityCrimeResolver, BoroughResolver, CrimeSummaryResolver, CategoryCountResolver],
  loaders: crimeLoaders,
  importers: [policeStreetImporter, policeOutcomesImporter],
});
