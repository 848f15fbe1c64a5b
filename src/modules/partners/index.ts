import { defineModule } from '../../module';
import { Partner } from './partner.entity';
import { partnersLoaders } from './partners.loaders';
import { PartnerResolver } from './partners.resolver';

/** Partner organisations: the agencies, councils and community groups the hub's accounts belong to. */
export const partnersModule = defineModule({
  name: 'partners',
  entities: [Partner],
  resolvers: [PartnerResolver],
  loaders: partnersLoaders,
});
