import { defineModule } from '../../module';

/**
 * The import runner: streams a published file through an importer, all or nothing. It brings no
 * tables or fields of its own; the modules whose tables a file fills bring the importers.
 */
export const importsModule = defineModule({
  name: 'imports',
  entities: [],
  resolvers: [],
});
