import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { type WardRow, type LocalityRow } from '../places/places.service';
import { Allow } from '../../auth';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { listCost, WORK, workCost } from '../../limits';
import { Partner } from '../partners/partner.entity';
import type { PartnersLoaders } from '../partners/partners.loaders';
import { Locality } from '../places/locality.entity';
import type { PlacesLoaders } from '../places/places.loaders';
import { Ward } from '../places/ward.entity';
import { CaseSummaryArgs, IssueResponseArgs, OverdueActionsArgs, RepeatCasesArgs, WardCaseSummaryArgs } from './analytics.inputs';
import type { AnalyticsLoaders } from './analytics.loaders';
import { caseSummary, issueResponsePerformance, overdueActions, repeatCases } from './analytics.service';
import {
  AgencyOverdueActions,
  CaseSummary,
  IssueResponsePerformance,
  LocalityIssueResponse,
  WardCaseCount,
  WardRepeatCases,
} from './analytics.types';

const FOR_EVERYONE = 'Counts only, across every tasking group, for every signed-in account: no titles, places or personal data.';

type AnalyticsContext = Context<PlacesLoaders & PartnersLoaders & AnalyticsLoaders>;

@Resolver()
export class AnalyticsResolver {
  @Allow('AUTHENTICATED')
  @Query(() => CaseSummary, {
    description: `Community-safety cases by category, status, ward and age; by default the cases still being worked (not CLOSED). ${FOR_EVERYONE}`,
    complexity: listCost(40, WORK.caseSummary),
  })
  caseSummary(@Args() args: CaseSummaryArgs, @Ctx() { em, viewer }: Context): Promise<CaseSummary> {
    return caseSummary(em, viewer, args);
  }

  @Allow('AUTHENTICATED')
  @Query(() => [WardRepeatCases], {
    description: `Repeat cases by ward: cases opened in the period with an earlier case at the same place (or in the same LSOA and category) within the window before them; most repeats first. ${FOR_EVERYONE}`,
    complexity: listCost(25, WORK.repeatCases),
  })
  repeatCases(@Args() args: RepeatCasesArgs, @Ctx() { em, viewer }: Context): Promise<WardRepeatCases[]> {
    return repeatCases(em, viewer, args);
  }

  @Allow('AUTHENTICATED')
  @Query(() => [AgencyOverdueActions], {
    description: `Actions not yet done, by the agency they are assigned to, with how many are overdue; most overdue first. ${FOR_EVERYONE}`,
    complexity: listCost(30, WORK.aggregate),
  })
  overdueActions(@Args() args: OverdueActionsArgs, @Ctx() { em, viewer }: Context): Promise<AgencyOverdueActions[]> {
    return overdueActions(em, viewer, args);
  }

  @Allow('AUTHENTICATED')
  @Query(() => IssueResponsePerformance, {
    description: `How issues raised at neighbourhood meetings were responded to against their due dates, by locality and for the borough. ${FOR_EVERYONE}`,
    complexity: listCost(4, WORK.aggregate),
  })
  issueResponsePerformance(@Args() args: IssueResponseArgs, @Ctx() { em, viewer }: Context): Promise<IssueResponsePerformance> {
    return issueResponsePerformance(em, viewer, args);
  }
}

/** The case counts analytics adds to Ward. */
@Resolver(() => Ward)
export class WardCaseSummaryResolver {
  @FieldResolver(() => CaseSummary, {
    description:
      "The ward's cases by category, status and age, as caseSummary(wardCode:) gives them; by default the cases still " +
      `being worked (not CLOSED). ${FOR_EVERYONE} Batched: a list of wards costs one statement.`,
    complexity: workCost(WORK.aggregate),
  })
  async caseSummary(@Root() ward: WardRow, @Args() args: WardCaseSummaryArgs, @Ctx() { loaders }: AnalyticsContext): Promise<CaseSummary> {
    const status = args.status?.length ? [...new Set(args.status)].sort() : null;
    const summary = await loaders.analytics.wardCaseSummary.load({ key: ward.code, args: status });
    if (!summary) throw new Error(`no case summary for ward ${ward.code}`);
    return summary;
  }
}

@Resolver(() => WardCaseCount)
export class WardCaseCountResolver {
  @FieldResolver(() => Ward, { description: 'The ward.' })
  ward(@Root() row: WardCaseCount, @Ctx() { loaders }: AnalyticsContext): Promise<WardRow> {
    return loadRequired(loaders.places.ward, row.wardCode);
  }
}

@Resolver(() => WardRepeatCases)
export class WardRepeatCasesResolver {
  @FieldResolver(() => Ward, { description: 'The ward.' })
  ward(@Root() row: WardRepeatCases, @Ctx() { loaders }: AnalyticsContext): Promise<WardRow> {
    return loadRequired(loaders.places.ward, row.wardCode);
  }
}

@Resolver(() => AgencyOverdueActions)
export class AgencyOverdueActionsResolver {
  @FieldResolver(() => Partner, { description: 'The agency (partner organisation).' })
  agency(@Root() row: AgencyOverdueActions, @Ctx() { loaders }: AnalyticsContext): Promise<Partner> {
    return loadRequired(loaders.partners.partner, row.agencyId);
  }
}

@Resolver(() => LocalityIssueResponse)
export class LocalityIssueResponseResolver {
  @FieldResolver(() => Locality, { description: 'The locality of the groups the issues were raised with.' })
  locality(@Root() row: LocalityIssueResponse, @Ctx() { loaders }: AnalyticsContext): Promise<LocalityRow> {
    return loadRequired(loaders.places.locality, row.localityId);
  }
}
