import { defineModule } from '../../module';
import { fingertipsImporter } from './fingertips.importer';
import { Indicator, IndicatorValue } from './indicator.entity';
import { indicatorsLoaders } from './indicators.loaders';
import { IndicatorCatalogueResolver, IndicatorFigureResolver, WardIndicatorsResolver } from './indicators.resolver';

/** Public health indicators from OHID Fingertips, for the wards against the borough and England. */
export const indicatorsModule = defineModule({
  name: 'indicators',
  entities: [Indicator, IndicatorValue],
  resolvers: [WardIndicatorsResolver, IndicatorFigureResolver, IndicatorCatalogueResolver],
  loaders: indicatorsLoaders,
  importers: [fingertipsImporter],
});
