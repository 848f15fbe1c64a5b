import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { pageCost } from '../../limits';
import { Connection, PageArgs, type Page } from '../../pagination';
import { DataSource } from './data-source.entity';
import { listSources } from './sources.service';

export const DataSourceConnection = Connection(DataSource, 'DataSource', 'data sources');

@Resolver(() => DataSource)
export class DataSourceResolver {
  @Query(() => DataSourceConnection, {
    description: 'Every data source loaded into the hub, newest first, so any figure can be traced and cited.',
    complexity: pageCost,
  })
  dataSources(
    @Args() page: PageArgs,
    @Arg('kind', () => String, { nullable: true, description: 'Only sources of this kind, e.g. population.' })
    kind: string | undefined,
    @Ctx() { em, limits }: Context,
  ): Promise<Page<DataSource>> {
    return listSources(em, kind, page, limits.maxPageSize);
  }
}
