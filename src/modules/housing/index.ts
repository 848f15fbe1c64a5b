import { defineModule } from '../../module';
import { HousingMonth } from './housing-month.entity';
import { housingImporter } from './housing.importer';
import { housingLoaders } from './housing.loaders';
import { BoroughHousingResolver, HousingSummaryResolver, LocalityHousingResolver, WardHousingResolver } from './housing.resolver';

/** Council housing by ward and month. */
export const housingModule = defineModule({
  name: 'housing',
  entities: [HousingMonth],
  resolvers: [WardHousingResolver, LocalityHousingResolver, BoroughHousingResolver, HousingSummaryResolver],
  loaders: housingLoaders,
  importers: [housingImporter],
});
