import type { AnyEntity, EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClassType } from 'type-graphql';
import type { MissingLabel } from './errors';
import type { Viewer } from './modules/access/viewer';
import type { Importer } from './modules/imports/import.types';

/** How a request arrived: case data read over a socket is a push in the audit trail, over HTTP a read. */
export type Transport = 'http' | 'socket';

/**
 * Makes one request's loaders of a module, under the module's own name: `{ places: { ward, … } }`
 * becomes `ctx.loaders.places.ward`. Bound to the viewer where the rows are scoped to its groups.
 */
export type LoadersFactory<Name extends string = string> = (
  em: EntityManager,
  viewer: Viewer | null,
  transport: Transport,
) => Readonly<Record<Name, object>>;

/**
 * Finds a federation entity from the key a gateway sent in an `_entities` representation
 * (`{ code: 'E05013010' }`), through the request's batched loaders so that many representations cost
 * one statement; undefined or null when there is none. `context` is the request's context (typed by
 * the module that declares the resolver, as its resolvers type theirs).
 */
export type ReferenceResolver = (key: Readonly<Record<string, unknown>>, context: never) => Promise<object | null | undefined>;

/**
 * What a module brings to the hub. Each `src/modules/<name>/index.ts` exports one; the module list
 * (`src/modules/index.ts`) is the only place they are named, and the ORM's entities, the schema's
 * resolvers, each request's loaders and the import command's importers are all read from it.
 */
export interface HubModule<
  Name extends string = string,
  Loaders extends LoadersFactory<Name> | undefined = LoadersFactory<Name> | undefined,
> {
  /** The module's folder name, also its namespace in `ctx.loaders`. */
  readonly name: Name;
  /** MikroORM entities whose tables the module owns (with the label findOneOrFail's NOT_FOUND names them by). */
  readonly entities: readonly (EntityClass<AnyEntity> & { readonly missing?: MissingLabel })[];
  /** type-graphql resolver classes: root fields, and fields the module adds to other modules' types. */
  readonly resolvers: readonly ClassType[];
  readonly loaders?: Loaders;
  /** Importers of published files, by the kind named on the import command line. */
  readonly importers?: readonly Importer[];
  /**
   * The module's federation entities by type name, each with how `_entities` finds one; the type's
   * `@key` directive says which fields the key holds. Used only when the hub serves as a subgraph.
   */
  readonly references?: Readonly<Record<string, ReferenceResolver>>;
}

/**
 * Declares a module, keeping its name and loaders' types exact so that `ctx.loaders` is typed
 * namespace by namespace; a loaders factory that returns another module's namespace does not compile.
 */
export function defineModule<const Name extends string, Loaders extends LoadersFactory<Name> | undefined = undefined>(
  module: HubModule<Name, Loaders>,
): HubModule<Name, Loaders> & { readonly loaders: Loaders } {
  return module as HubModule<Name, Loaders> & { readonly loaders: Loaders };
}

/** A module's loaders as they appear in `ctx.loaders[name]`; never for a module without loaders. */
export type LoadersOf<M> = M extends { readonly name: infer N; readonly loaders: (...args: never) => infer R }
  ? N extends keyof R
    ? R[N]
    : never
  : never;
