import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { DataSource } from '../sources/data-source.entity';
import { BoundarySet } from './boundary-set.entity';
import { Councillor } from './councillor.entity';
import { Ward } from './ward.entity';

@Resolver(() => Councillor)
export class CouncillorResolver {
  @FieldResolver(() => Ward, { description: 'The ward the councillor represents.' })
  ward(@Root() councillor: Councillor, @Ctx() { loaders }: Context): Promise<Ward> {
    return loadRequired(loaders.ward, councillor.ward.code);
  }

  @FieldResolver(() => DataSource, { description: 'Where the councillor record came from.' })
  source(@Root() councillor: Councillor, @Ctx() { loaders }: Context): Promise<DataSource> {
    return loadRequired(loaders.source, councillor.source.id);
  }
}

@Resolver(() => BoundarySet)
export class BoundarySetResolver {
  @FieldResolver(() => DataSource, { description: 'Where the boundary set is defined.' })
  source(@Root() set: BoundarySet, @Ctx() { loaders }: Context): Promise<DataSource> {
    return loadRequired(loaders.source, set.source.id);
  }
}
