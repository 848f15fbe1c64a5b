import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubModule, LoadersOf, Transport } from './module';
import type { Viewer } from './modules/access/viewer';
import { hubModules, type AnyHubModule } from './modules';

/** Every module's loaders, each under its module's name: `loaders.places.ward`, `loaders.cases.taskingCase`. */
export type Loaders = { [M in AnyHubModule as [LoadersOf<M>] extends [never] ? never : M['name']]: LoadersOf<M> };

/**
 * One request's loaders: every module's, bound to the request's EntityManager, and to the viewer
 * where a module scopes its rows to the viewer's groups (cases, actions, meetings). Made fresh for
 * each request, so nothing cached is shared between requests or callers.
 */
export function createLoaders(em: EntityManager, viewer: Viewer | null, transport: Transport): Loaders {
  const loaders: Record<string, object> = {};
  for (const module of hubModules as readonly HubModule[]) {
    // Only the module's own namespace is taken, whatever else its factory returns.
    if (module.loaders) loaders[module.name] = module.loaders(em, viewer, transport)[module.name];
  }
  return loaders as Loaders;
}
