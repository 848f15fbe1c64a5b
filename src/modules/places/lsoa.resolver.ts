import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { loadRequired } from '../../batch';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import type { SourcesLoaders } from '../sources/sources.loaders';
import { DataSource } from '../sources/data-source.entity';
import { Lsoa } from './lsoa.entity';
import type { PlacesLoaders } from './places.loaders';
import { findLsoa, type LsoaRow, type WardRow } from './places.service';
import { Ward } from './ward.entity';

type PlacesContext = Context<PlacesLoaders & SourcesLoaders>;

@Resolver(() => Lsoa)
export class LsoaResolver {
  @Allow('AUTHENTICATED')
  @Query(() => Lsoa, { description: 'One LSOA by its ONS code, e.g. E01007736.' })
  lsoa(@Arg('code', () => ID, { description: 'ONS LSOA code.' }) code: string, @Ctx() { em }: Context): Promise<Lsoa> {
    return findLsoa(em, code);
  }

  @FieldResolver(() => Ward, { description: 'The ward the LSOA is counted in.' })
  ward(@Root() lsoa: LsoaRow, @Ctx() { loaders }: PlacesContext): Promise<WardRow> {
    return loadRequired(loaders.places.ward, lsoa.ward.code);
  }

  @FieldResolver(() => DataSource, { description: 'The lookup that placed this LSOA in its ward.' })
  source(@Root() lsoa: LsoaRow, @Ctx() { loaders }: PlacesContext): Promise<DataSource> {
    return loadRequired(loaders.sources.source, lsoa.source.id);
  }
}
