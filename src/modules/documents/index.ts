import { defineModule } from '../../module';
import { TrustedDocument } from './trusted-document.entity';

/** Trusted documents: operations registered from a manifest, sent by hash, and cached over HTTP when they read only open data. */
export const documentsModule = defineModule({
  name: 'documents',
  entities: [TrustedDocument],
  resolvers: [],
});
