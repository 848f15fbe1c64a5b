import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../../auth';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { listCost } from '../../limits';
import { DataSource } from '../sources/data-source.entity';
import type { SourcesLoaders } from '../sources/sources.loaders';
import { Locality } from './locality.entity';
import type { PlacesLoaders } from './places.loaders';
import { findLocality, listLocalities, type LocalityRow, type WardRow } from './places.service';
import { Ward } from './ward.entity';

type PlacesContext = Context<PlacesLoaders & SourcesLoaders>;

@Resolver(() => Locality)
export class LocalityResolver {
  @Allow('AUTHENTICATED')
  @Query(() => [Locality], {
    description: "The borough's localities (North, Central, South), each with its wards.",
    complexity: listCost(3),
  })
  localities(@Ctx() { em }: Context): Promise<LocalityRow[]> {
    return listLocalities(em);
  }

  @Allow('AUTHENTICATED')
  @Query(() => Locality, { description: 'One locality by name (North, Central or South; any case).' })
  locality(@Arg('name', { description: 'Name of the locality.' }) name: string, @Ctx() { em }: Context): Promise<LocalityRow> {
    return findLocality(em, name);
  }

  @FieldResolver(() => DataSource, {
    nullable: true,
    description:
      'Where the locality and the grouping of its wards come from. The council papers do not say which ward sits in ' +
      'which locality: the seed groups them by an assumption, and its source is marked illustrative and says so.',
  })
  source(@Root() locality: LocalityRow, @Ctx() { loaders }: PlacesContext): Promise<DataSource> | null {
    return locality.source ? loadRequired(loaders.sources.source, locality.source.id) : null;
  }

  @FieldResolver(() => [Ward], { description: 'Wards in this locality, A to Z.', complexity: listCost(10) })
  wards(@Root() locality: LocalityRow, @Ctx() { loaders }: PlacesContext): Promise<WardRow[]> {
    return loaders.places.wardsByLocality.load(locality.id);
  }
}
