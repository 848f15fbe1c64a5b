import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type WardRow, type CouncillorRow } from './places.service';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import type { SourcesLoaders } from '../sources/sources.loaders';
import { DataSource } from '../sources/data-source.entity';
import { BoundarySet } from './boundary-set.entity';
import { Councillor } from './councillor.entity';
import type { PlacesLoaders } from './places.loaders';
import { Ward } from './ward.entity';

type PlacesContext = Context<PlacesLoaders & SourcesLoaders>;

@Resolver(() => Councillor)
export class CouncillorResolver {
  @FieldResolver(() => Ward, { description: 'The ward the councillor represents.' })
  ward(@Root() councillor: CouncillorRow, @Ctx() { loaders }: PlacesContext): Promise<WardRow> {
    return loadRequired(loaders.places.ward, councillor.ward.code);
  }

  @FieldResolver(() => DataSource, { description: 'Where the councillor record came from.' })
  source(@Root() councillor: CouncillorRow, @Ctx() { loaders }: PlacesContext): Promise<DataSource> {
    return loadRequired(loaders.sources.source, councillor.source.id);
  }
}

@Resolver(() => BoundarySet)
export class BoundarySetResolver {
  @FieldResolver(() => DataSource, { description: 'Where the boundary set is defined.' })
  source(@Root() set: BoundarySet, @Ctx() { loaders }: PlacesContext): Promise<DataSource> {
    return loadRequired(loaders.sources.source, set.source.id);
  }
}
