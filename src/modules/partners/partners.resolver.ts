import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { loadRequired } from '../../batch';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import { pageCost } from '../../limits';
import { Connection, type Page } from '../../pagination';
import { DataSource } from '../sources/data-source.entity';
import type { SourcesLoaders } from '../sources/sources.loaders';
import { Partner } from './partner.entity';
import { PartnersArgs } from './partners.inputs';
import { listPartners } from './partners.service';

export const PartnerConnection = Connection(Partner, 'Partner', 'partners');

type PartnersContext = Context<SourcesLoaders>;

@Resolver(() => Partner)
export class PartnerResolver {
  @Allow('AUTHENTICATED')
  @Query(() => PartnerConnection, {
    description: 'Partner organisations in neighbourhood working, A to Z.',
    complexity: pageCost,
  })
  partners(@Args() args: PartnersArgs, @Ctx() { em, limits }: Context): Promise<Page<Partner>> {
    return listPartners(em, args, limits.maxPageSize);
  }

  @FieldResolver(() => DataSource, { description: 'Where the partner record came from.' })
  source(@Root() partner: Partner, @Ctx() { loaders }: PartnersContext): Promise<DataSource> {
    return loadRequired(loaders.sources.source, partner.source.id);
  }
}
