import { defineModule } from '../../module';
import { DataSource } from './data-source.entity';
import { sourcesLoaders } from './sources.loaders';
import { DataRefreshedResolver, DataSourceResolver } from './sources.resolver';

/** Where every figure comes from: data sources, and the announcement that new data has loaded. */
export const sourcesModule = defineModule({
  name: 'sources',
  entities: [DataSource],
  resolvers: [DataSourceResolver, DataRefreshedResolver],
  loaders: sourcesLoaders,
});
