import { defineModule } from '../../module';
import { BoundarySet } from './boundary-set.entity';
import { Councillor } from './councillor.entity';
import { BoundarySetResolver, CouncillorResolver } from './councillor.resolver';
import { Locality } from './locality.entity';
import { LocalityResolver } from './locality.resolver';
import { Lsoa } from './lsoa.entity';
import { LsoaResolver } from './lsoa.resolver';
import { onsLookupImporter } from './ons-lookup.importer';
import { placesLoaders } from './places.loaders';
import { placesReferences } from './places.references';
import { Ward } from './ward.entity';
import { DataRefreshedWardsResolver, WardResolver } from './ward.resolver';

/** The borough's geography: localities, wards, LSOAs, councillors and boundary sets. */
export const placesModule = defineModule({
  name: 'places',
  entities: [Locality, BoundarySet, Ward, Councillor, Lsoa],
  resolvers: [LocalityResolver, WardResolver, DataRefreshedWardsResolver, LsoaResolver, CouncillorResolver, BoundarySetResolver],
  loaders: placesLoaders,
  importers: [onsLookupImporter],
  references: placesReferences,
});
