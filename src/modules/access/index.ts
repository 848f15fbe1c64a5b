import { defineModule } from '../../module';
import { accessLoaders } from './access.loaders';
import { AccessResolver } from './access.resolver';
import { ApiKey } from './api-key.entity';
import { HubUser } from './hub-user.entity';

/** Accounts, API keys and who may do what: the viewer every request is answered for. */
export const accessModule = defineModule({
  name: 'access',
  entities: [HubUser, ApiKey],
  resolvers: [AccessResolver],
  loaders: accessLoaders,
});
